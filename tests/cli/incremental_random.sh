#!/usr/bin/env bash
# tests/cli/incremental_random.sh LEDE: the incremental-build invariant
# under random edits. A small site (some 25 articles in English and French;
# a website with an index of 3 to a page, tag pages and section fronts, a
# French edition, an RSS feed of the newest 5 linking to the website, a
# plain-text letter of one tag) goes through a pseudo-random sequence of
# mutations: bodies, titles, dates, tags, sections, slugs (two articles on
# one page, then apart), drafts, languages, translations, links between
# articles, embargoes, withheld and killed stories and the build time;
# articles added, removed, renamed
# and touched, their front matter broken and mended; the outlets' per_page,
# limit and sort, an outlet added and removed, a site plugin, template and
# static file; now and then a build of one outlet in between. After each,
# an incremental build into one output folder (at -j 1 and -j 2 in turn,
# the records on disk or in memory) must give what a clean `lede build
# --full` into a fresh folder gives: the same tree, build state
# (timestamps and stats aside), messages (the summary aside) and exit
# status, as tests/cli/incremental.sh checks for a fixed sequence
# (tests/lib/incremental.sh). While an article's front matter is broken,
# the incremental build keeps its last good page, which a fresh folder
# does not have: the full build is then made over a copy of what the last
# build left.
#
# The sequence is a fixed function of the seed (a linear congruential
# generator, not $RANDOM): LEDE_RANDOM_SEED=S (one seed, or several
# separated by spaces) and LEDE_RANDOM_STEPS=N run others, or longer ones.
# A mismatch prints the seed, the step, the mutations so far and the
# differences, and ends that seed's sequence; LEDE_RANDOM_KEEP=DIR keeps
# there the site, the output folder before and after the incremental
# build (prev, out), the full build's (full), the messages and the command.
set -uo pipefail
lede=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC
. "$root/tests/lib/check.sh"
site=$tmp/site
. "$root/tests/lib/incremental.sh"

read -r -a seeds <<<"${LEDE_RANDOM_SEED:-1 2 3}"
steps=${LEDE_RANDOM_STEPS:-25}

# rand N: R is the next number in [0, N), from the seeded generator (the
# high bits of a 31-bit LCG: its low bits cycle fast).
rand() {
	rs=$(((rs * 1103515245 + 12345) % 2147483648))
	R=$(((rs >> 8) % $1))
}
# day N: D, the day N days after 2026-01-01 (YYYY-MM-DD)
day() { D=$(date -u -d "2026-01-01 +$1 days" +%F); }
# pick WORD...: W is one of the words
pick() {
	rand $#
	local a=("$@")
	W=${a[R]}
}

# bump VAR FILE WRITER WHAT: FILE removed (one time in three, VAR 0) or
# written again by WRITER (VAR, its version, one more); M says which
bump() {
	rand 3
	if ((R == 0)); then
		printf -v "$1" 0
		rm -f "$2"
		M="$4 removed"
	else
		printf -v "$1" %d $((${!1} + 1))
		"$3"
		M="$4, version ${!1}"
	fi
}

words=(harbour budget tram river market school bridge council library park)
tagpool=(city data climate transport housing brief)
sections=(News Features Opinion)

# The site's model: an article's fields by its number; alive 0 once removed.
declare -a file title dates sec lang tags slug draft emb key lead more link broken alive
# The config's: per_page of web and fr, the feed's limit, web's sort, the
# letter outlet, the site plugin and template (0: none; else a version),
# the static file (likewise), the build time (days after 2026-01-01).
# met: the last article moved onto another's page.
declare met cpp cfpp climit csort cletter cplugin ctmpl cstatic now
n=0

# slugify TEXT: S, as lede makes a section's slug of our plain names
slugify() { S=${1,,}; }
# own_slug I: S, the slug article I's page has (its slug:, else its name)
own_slug() {
	if [ -n "${slug[$1]}" ]; then
		S=${slug[$1]}
	else
		S=${file[$1]##*/}
		S=${S%.md}
		S=${S#[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]-}
	fi
}
# url_of I: U, article I's page on its language's outlet
url_of() {
	local s
	slugify "${sec[$1]}"
	s=$S
	own_slug "$1"
	U="/${lang[$1]}/$s/$S/"
}
# A date in January or February 2025 (often the same as another's).
new_date() {
	local d h
	rand 45
	d=$R
	pick 08 12
	h=$W
	if ((d < 31)); then
		dates[$1]=$(printf '2025-01-%02dT%s:00:00Z' $((d + 1)) "$h")
	else
		dates[$1]=$(printf '2025-02-%02dT%s:00:00Z' $((d - 30)) "$h")
	fi
}
new_tags() {
	local k t out=""
	rand 4
	for ((k = 0; k < R; k++)); do
		pick "${tagpool[@]}"
		t=$W
		[[ ", $out," == *", $t,"* ]] || out=${out:+$out, }$t
	done
	tags[$1]=$out
}
new_title() {
	pick "${words[@]}"
	local first=$W
	pick "${words[@]}"
	rand 50
	title[$1]="${first^} $W $R"
}
# new_name I: a file name for article I (a date, or none; at times in a
# folder of its own)
new_name() {
	local d=""
	rand 3
	((R)) && d=${dates[$1]%%T*}-
	pick "${words[@]}"
	rand 100
	local f="$d$W-$1-$R.md"
	rand 4
	((R)) || f=desk/$f
	file[$1]=content/$f
}

# write I: article I's file, from the model
write() {
	local i=$1 f=$site/${file[$1]}
	mkdir -p "${f%/*}"
	{
		echo "---"
		echo "title: \"${title[$i]}\""
		echo "date: ${dates[$i]}"
		echo "section: ${sec[$i]}"
		echo "lang: ${lang[$i]}"
		if ((broken[i])); then
			echo "tags: [${tags[$i]}, oops"
		else
			echo "tags: [${tags[$i]}]"
		fi
		[ -z "${slug[$i]}" ] || echo "slug: ${slug[$i]}"
		((!draft[i])) || echo "draft: true"
		[ -z "${emb[$i]}" ] || echo "embargo: ${emb[$i]}"
		[ -z "${pub[$i]}" ] || echo "pubstatus: ${pub[$i]}"
		[ -z "${key[$i]}" ] || echo "translation_key: ${key[$i]}"
		echo "---"
		echo
		echo "Story $i, as first told (version ${lead[$i]}): the ${title[$i]}."
		local k
		for ((k = 1; k <= more[i]; k++)); do
			echo
			echo "More on story $i, paragraph $k."
		done
		if [ -n "${link[$i]}" ]; then
			echo
			echo "See [the other story](${link[$i]})."
		fi
	} >"$f"
}

add_article() {
	n=$((n + 1))
	local i=$n
	new_title "$i"
	new_date "$i"
	pick "${sections[@]}"
	sec[i]=$W
	rand 4
	if ((R)); then lang[i]=en; else lang[i]=fr; fi
	new_tags "$i"
	slug[i]="" draft[i]=0 emb[i]="" pub[i]="" key[i]="" lead[i]=1 more[i]=0 link[i]="" broken[i]=0 alive[i]=1
	# some with a slug of their own, or drafts, from the start
	rand 8
	((R)) || slug[i]=alpha
	rand 10
	((R)) || draft[i]=1
	new_name "$i"
	write "$i"
}

write_config() {
	{
		cat <<-EOF
			site:
			  title: Random Times
			  base_url: https://news.example.org
			  language: en
			content: content
			output: public
		EOF
		if ((cplugin)); then
			echo "plugins: [reading_time, mark]"
		else
			echo "plugins: [reading_time]"
		fi
		cat <<-EOF
			outlets:
			  web:
			    format: html
			    path: "{lang}/{section}/{slug}/"
			    filter: { lang: en }
			    index: { path: index.html, per_page: $cpp }
			    tags: { path: "tags/{tag}/" }
			    sections: { path: "en/{section}/", list: [News, Features, Opinion] }
		EOF
		[ "$csort" = -date ] || echo "    sort: $csort"
		cat <<-EOF
			  fr:
			    format: html
			    path: "fr/{section}/{slug}/"
			    filter: { lang: fr }
			    index: { path: fr/index.html, per_page: $cfpp }
			    site: { title: "Le Temps", language: fr }
			  rss: { format: rss, path: feed.rss, link_to: web, filter: { lang: en }, limit: $climit }
			  wire: { format: ninjs, path: "wire/{lang}-{slug}.json", index: { path: wire/index.json } }
		EOF
		if ((cletter)); then
			echo '  letter: { format: text, path: "letter/{slug}.txt", link_to: web, filter: { tags: [brief] }, index: { path: letter/digest.txt } }'
		fi
	} >"$site/lede.yaml"
}
write_plugin() {
	mkdir -p "$site/plugins"
	cat >"$site/plugins/mark.lua" <<-EOF
		return {
		  transform = function(a)
		    for _, t in ipairs(a.tags) do
		      if t == "data" then a.title = a.title .. " [data $cplugin]" end
		      if t == "brief" then lede.log.warn("a brief, version $cplugin") end
		    end
		  end,
		}
	EOF
}
write_template() {
	mkdir -p "$site/templates"
	sed "s/<article/<article data-version=\"$ctmpl\"/" "$root/plugins/templates/article.mustache" \
		>"$site/templates/article.mustache"
}
write_static() {
	mkdir -p "$site/static"
	echo "body { margin: ${cstatic}px }" >"$site/static/extra.css"
}

# A live article, I (none: 0); with a condition, one that meets it.
live() { # live [TEST-ON-$j]
	local j c=()
	for ((j = 1; j <= n; j++)); do
		((alive[j])) || continue
		if [ $# -eq 0 ] || eval "$1"; then c+=("$j"); fi
	done
	I=0
	((${#c[@]})) || return 1
	rand ${#c[@]}
	I=${c[R]}
}
live_count() {
	local j
	L=0
	for ((j = 1; j <= n; j++)); do ((alive[j])) && L=$((L + 1)); done
	return 0
}
any_broken() {
	local j
	for ((j = 1; j <= n; j++)); do ((alive[j] && broken[j])) && return 0; done
	return 1
}

# mutate: one random change to the site, said in M
mutate() {
	local m i j old
	rand 31
	m=$R
	case $m in
	0 | 1 | 2)
		live
		lead[I]=$((lead[I] + 1))
		M="article $I: its first paragraph edited"
		;;
	3 | 4)
		live
		more[I]=$((more[I] + 1))
		M="article $I: a paragraph added"
		;;
	5)
		live
		old=${title[$I]}
		new_title "$I"
		M="article $I: title '$old' -> '${title[$I]}'"
		;;
	6)
		live
		old=${dates[$I]}
		new_date "$I"
		M="article $I: date $old -> ${dates[$I]}"
		;;
	7)
		live
		old=${tags[$I]}
		new_tags "$I"
		M="article $I: tags [$old] -> [${tags[$I]}]"
		;;
	8)
		live
		old=${sec[$I]}
		pick "${sections[@]}"
		sec[I]=$W
		M="article $I: section $old -> ${sec[$I]}"
		;;
	9)
		live
		old=${slug[$I]}
		pick "" "" alpha beta
		slug[I]=$W
		M="article $I: slug '$old' -> '${slug[$I]}'"
		;;
	10)
		# two articles on one page: the same language, section and slug
		live
		i=$I
		live "((j != $i))"
		j=$I
		own_slug "$i"
		slug[j]=$S sec[j]=${sec[$i]} lang[j]=${lang[$i]}
		I=$j
		met=$j
		M="article $j: moved onto article $i's page (${lang[$i]}, ${sec[$i]}, $S)"
		;;
	11)
		# ... and apart again
		if ((met && alive[met])) && [ -n "${slug[$met]}" ]; then
			I=$met met=0
			slug[I]=""
			M="article $I: its slug: removed (apart again)"
		elif live "[ -n \"\${slug[j]}\" ]"; then
			slug[I]=""
			M="article $I: its slug: removed"
		else
			live
			M="article $I: nothing to set apart; file touched"
		fi
		;;
	12)
		live
		draft[I]=$((!draft[I]))
		M="article $I: draft ${draft[$I]}"
		;;
	13)
		live
		if [ "${lang[$I]}" = en ]; then lang[I]=fr; else lang[I]=en; fi
		M="article $I: lang ${lang[$I]}"
		;;
	14)
		# editions: an English and a French article share a key, or one
		# leaves its group
		if live "[ -n \"\${key[j]}\" ]" && { rand 2; ((R)); }; then
			key[I]=""
			M="article $I: no translation_key"
		else
			live "[ \${lang[j]} = en ]"
			i=$I
			live "[ \${lang[j]} = fr ]"
			j=$I
			if ((i && j)); then
				key[i]=k$i key[j]=k$i
				write "$i"
				M="articles $i and $j: translation_key k$i"
			else
				live
				M="article $I: no pair for a translation; file touched"
			fi
		fi
		;;
	15)
		live
		i=$I
		live "((j != $i))"
		j=$I
		url_of "$j"
		link[i]=$U
		I=$i
		M="article $i: links to $U (article $j)"
		;;
	16)
		live
		old=${emb[$I]}
		day $((now + 2))
		pick "" 2025-06-01T00:00:00Z "${D}T00:00:00Z"
		emb[I]=$W
		M="article $I: embargo '$old' -> '${emb[$I]}'"
		;;
	17)
		now=$((now + 1))
		I=0
		day "$now"
		M="the build time: ${D}T12:00:00Z"
		;;
	18 | 19)
		add_article
		I=0
		M="article $n added: ${file[$n]} (${lang[$n]}, ${sec[$n]}, ${dates[$n]})"
		;;
	20)
		live_count
		if ((L > 12)); then
			live
			rm "$site/${file[$I]}"
			alive[I]=0
			M="article $I removed: ${file[$I]}"
			I=0
		else
			live
			M="article $I: too few to remove one; file touched"
		fi
		;;
	21)
		live
		old=${file[$I]}
		rm "$site/$old"
		new_name "$I"
		M="article $I renamed: $old -> ${file[$I]}"
		;;
	22)
		if live "((broken[j]))" && { rand 3; ((R)); }; then
			broken[I]=0
			M="article $I: front matter mended"
		elif live "((!broken[j]))"; then
			broken[I]=1
			M="article $I: front matter broken"
		else
			M="nothing changed"
		fi
		;;
	23)
		live
		touch "$site/${file[$I]}"
		M="article $I: touched (${file[$I]})"
		I=0
		;;
	24)
		I=0
		pick web fr rss rss
		case $W in
		web) rand 4 && cpp=$((R + 1)) && M="web: per_page $cpp" ;;
		fr) rand 4 && cfpp=$((R + 1)) && M="fr: per_page $cfpp" ;;
		rss) rand 6 && climit=$((R + 2)) && M="rss: limit $climit" ;;
		esac
		write_config
		;;
	25)
		I=0
		if [ "$csort" = -date ]; then csort=title; else csort=-date; fi
		cletter=$((!cletter))
		rand 2
		((R)) || cletter=$((!cletter))
		write_config
		M="web: sort $csort; the letter outlet: $cletter"
		;;
	26)
		I=0
		bump cplugin "$site/plugins/mark.lua" write_plugin "the site plugin"
		write_config
		;;
	27)
		I=0
		bump ctmpl "$site/templates/article.mustache" write_template "the site's article template"
		;;
	28)
		I=0
		bump cstatic "$site/static/extra.css" write_static "the static file"
		;;
	29)
		I=0
		M="nothing changed"
		;;
	30)
		# the editorial state: withheld (listed by the wire alone,
		# marked) or killed (listed by the wire, its notice), and usable
		# again; without updated: each is a warning
		live
		old=${pub[$I]}
		pick "" "" withheld canceled
		pub[I]=$W
		M="article $I: pubstatus '$old' -> '${pub[$I]}'"
		;;
	esac
	((I == 0)) || write "$I"
}

# run_seed SEED: a new site, then the steps; each compared
run_seed() {
	local seed=$1 k s jobs mem log=()
	rs=$seed
	n=0 met=0 cpp=3 cfpp=3 climit=5 csort=-date cletter=1 cplugin=0 ctmpl=0 cstatic=0 now=0
	file=() title=() dates=() sec=() lang=() tags=() slug=() draft=() emb=() pub=() key=()
	lead=() more=() link=() broken=() alive=()
	rm -rf "$site" "$tmp/out" "$tmp/prev"
	mkdir -p "$site/content"
	write_config
	for ((k = 0; k < 25; k++)); do add_article; done
	for ((s = 0; s <= steps; s++)); do
		M="the first build"
		((s == 0)) || mutate
		day "$now"
		export LEDE_NOW=${D}T12:00:00Z
		# now and then, a build of the website alone first
		rand 8
		if ((s && R == 0)); then
			M="$M (then built with --outlet web first)"
			incr --outlet web
		fi
		log+=("step $s: $M")
		# -j 1 and -j 2 in turn, and the records on disk or in memory
		jobs=$((1 + s % 2))
		mem=0
		((s / 2 % 2 == 0)) || mem=64
		# what the last build left, to build over again (LEDE_RANDOM_KEEP)
		rm -rf "$tmp/prev"
		[ ! -d "$tmp/out" ] || cp -a "$tmp/out" "$tmp/prev"
		full_from=""
		! any_broken || full_from=$tmp/prev
		incr -j "$jobs" --records-memory "$mem"
		full -j "$jobs"
		if same_as_full >"$tmp/diff" 2>&1; then
			passed=$((passed + 1))
			echo "ok - seed $seed step $s: $M"
		else
			failed=$((failed + 1))
			echo "not ok - seed $seed step $s: $M"
			{
				echo "seed $seed, step $s (LEDE_RANDOM_SEED=$seed LEDE_RANDOM_STEPS=$s):" \
					"the incremental build (status $incr_status) differs from a full one" \
					"(status $full_status${full_from:+, over a copy of the last output})" \
					"at -j $jobs, --records-memory $mem"
				printf '  %s\n' "${log[@]}"
				head -60 "$tmp/diff"
				# (the summaries, which the comparison leaves out)
				echo "incremental: $(grep '^lede: .* articles ready' "$tmp/incr.err")"
				echo "full: $(grep '^lede: .* articles ready' "$tmp/full.err")"
			} >&2
			if [ -n "${LEDE_RANDOM_KEEP:-}" ]; then
				rm -rf "$LEDE_RANDOM_KEEP" && mkdir -p "$LEDE_RANDOM_KEEP"
				cp -a "$site" "$tmp/out" "$tmp/full" "$tmp/incr.err" "$tmp/full.err" \
					"$LEDE_RANDOM_KEEP/"
				[ ! -d "$tmp/prev" ] || cp -a "$tmp/prev" "$LEDE_RANDOM_KEEP/"
				echo "LEDE_NOW=$LEDE_NOW lede build -j $jobs --records-memory $mem" \
					>"$LEDE_RANDOM_KEEP/build"
			fi
			return
		fi
	done
}

for seed in "${seeds[@]}"; do run_seed "$seed"; done
check_done
