#!/usr/bin/env bash
# tests/cli/testcmd.sh LEDE: `lede test` itself: a test that never ends
# fails after limits.hook_seconds and the others still run; os.exit in a
# test is an error of that test; a plugin that cannot load makes the exit
# status 2, as docs/plugins.md says.
set -uo pipefail
lede=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/check.sh"
cd "$tmp"
mkdir -p site/plugins site/tests
cat >site/lede.yaml <<'YAML'
site: {title: T, base_url: 'https://example.org', language: en}
outlets:
  web: {format: html}
limits: {hook_seconds: 0.5}
YAML
printf 'return { article = function(a) while true do end end }\n' >site/plugins/loop.lua
printf 'return { article = function(a) os.exit(0) end }\n' >site/plugins/quit.lua
printf 'return { article = 5 }\n' >site/plugins/bad.lua
printf 'error("boom at load")\n' >site/plugins/boom.lua
printf 'return {\n' >site/plugins/broken.lua

# run NAME: lede test on site/tests/NAME_test.lua (10 s at most: a hang is
# a failure, not a stuck suite); its output in NAME.out, status in NAME.rc
run() {
	timeout 10 "$lede" test -C site "site/tests/$1_test.lua" >"$1.out" 2>&1
	echo $? >"$1.rc"
}

cat >site/tests/loop_test.lua <<'LUA'
test("spins", function() while true do end end)
test("spins under pcall", function() while true do pcall(function() while true do end end) end end)
test("a plugin hook spins", function()
  lede.test.plugin("loop").article(lede.test.article("---\ntitle: T\ndate: 2020-01-01\n---\nx\n"))
end)
test("still runs", function() ok(true) end)
LUA
run loop
check "a looping test: exit status 1" test "$(cat loop.rc)" = 1
check "a looping test fails, naming hook_seconds" grep -q "loop_test.lua:1: still running after 0.5 s.*hook_seconds" loop.out
check "a loop under pcall fails too" grep -q "^not ok - site/tests/loop_test.lua: spins under pcall" loop.out
check "a looping plugin hook fails its test" grep -q "plugins/loop.lua:1: still running after 0.5 s" loop.out
check "the other tests still run" grep -qx "1 passed, 3 failed" loop.out

printf 'while true do end\n' >site/tests/top_test.lua
run top
check "a looping test file: exit status 1" test "$(cat top.rc)" = 1
check "a looping test file fails, naming hook_seconds" grep -q "top_test.lua:1: still running after 0.5 s.*hook_seconds" top.out
# the default limit (60 s) holds too: lede test with no lede.yaml is not
# waited for here, but its limit is set (the engine's default).

cat >site/tests/exit_test.lua <<'LUA'
test("fails", function() eq(1, 2) end)
test("exits", function() os.exit(0) end)
test("a plugin hook exits", function()
  lede.test.plugin("quit").article(lede.test.article("---\ntitle: T\ndate: 2020-01-01\n---\nx\n"))
end)
test("after", function() ok(true) end)
LUA
run exit
check "os.exit in a test: exit status 1, not 0" test "$(cat exit.rc)" = 1
check "os.exit in a test is an error of that test" grep -q "exit_test.lua:2: os.exit is not available in a test" exit.out
check "os.exit in a plugin hook called by a test is refused" grep -q "^not ok - site/tests/exit_test.lua: a plugin hook exits" exit.out
check "os.exit: the summary is printed" grep -qx "1 passed, 3 failed" exit.out
printf 'os.exit(0)\n' >site/tests/topexit_test.lua
run topexit
check "os.exit in a test file's body: exit status 1" test "$(cat topexit.rc)" = 1

for p in bad boom broken nope; do
	printf 'local p = lede.test.plugin("%s")\ntest("x", function() ok(true) end)\n' "$p" >"site/tests/load_$p""_test.lua"
	run "load_$p"
	check "a plugin that cannot load ($p): exit status 2" test "$(cat "load_$p.rc")" = 2
done
check "a plugin that cannot load: the message says why" grep -q "cannot load 'bad'" load_bad.out
check "a plugin whose file raises: its error is shown" grep -q "cannot load 'boom': plugins/boom.lua:1: boom at load" load_boom.out
printf 'test("x", function() raises(function() lede.test.plugin("bad") end, "cannot load") end)\n' >site/tests/caught_test.lua
run caught
check "a plugin that cannot load: exit status 2 even when a test caught it" test "$(cat caught.rc)" = 2
printf 'test("x", function() raises(function() lede.test.plugin("setupfails") end, "no") end)\n' >site/tests/setup_test.lua
printf 'return { setup = function() error("no") end }\n' >site/plugins/setupfails.lua
run setup
check "a setup that raises is the test's to check (exit status 0)" test "$(cat setup.rc)" = 0

# lede.test.render gives an article of the content folder its editions,
# the folder given as an absolute path too (content: /srv/news/content):
# lede.test.file takes the article's absolute path, as a build names it;
# a broken article in the folder is no matter to the test of another
mkdir -p "$tmp/abs/content" abs/tests
cat >abs/lede.yaml <<YAML
content: $tmp/abs/content
site: {title: T, base_url: 'https://example.org', language: en}
outlets:
  web: {format: html, path: "{lang}/{slug}/"}
YAML
printf -- '---\ntitle: Budget\ndate: 2025-01-01\ntranslation_key: b\n---\nX.\n' >abs/content/budget.md
printf -- '---\ntitle: Le budget\ndate: 2025-01-01\nlang: fr\ntranslation_key: b\n---\nX.\n' >abs/content/budget-fr.md
printf -- '---\ntitle: [broken\n---\nX.\n' >abs/content/broken.md
cat >abs/tests/abs_test.lua <<LUA
test("editions", function()
  local a = lede.test.file("$tmp/abs/content/budget.md")
  contains((lede.test.render(a, "web")), 'hreflang="fr" href="https://example.org/fr/budget-fr/"')
end)
LUA
timeout 10 "$lede" test -C abs abs/tests/abs_test.lua >abs.out 2>&1
check "an absolute content folder: lede.test.file of its article, its editions found" \
	grep -qx "1 passed, 0 failed" abs.out
# ...and an article's absolute path with the content folder relative:
# named from the site folder, as a build names it
sed -i "s|^content: .*|content: content|" abs/lede.yaml
timeout 10 "$lede" test -C abs abs/tests/abs_test.lua >abs-rel.out 2>&1
check "a relative content folder: lede.test.file of an absolute path, its editions found" \
	grep -qx "1 passed, 0 failed" abs-rel.out

"$lede" test -C site nope_test.lua >nope.out 2>&1
check "an unreadable test file: says why" grep -qx "not ok - nope_test.lua: cannot read: No such file or directory" nope.out
check_done
