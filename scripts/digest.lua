-- scripts/digest.lua: a newsletter of the articles published in the last
-- DAYS days (counted back from lede.date.now(), $LEDE_NOW when set), newest
-- first, as plain text and as an HTML page.
--
--   lede run [-C DIR] [-o DIR] scripts/digest.lua [DAYS]      DAYS: 30
--
-- Output: digest/digest.txt (titles, dates, absolute URLs, summaries
-- wrapped at 72 columns) and digest/digest.html (a complete HTML5 page from
-- the template digest.mustache: the site's templates/ first, then lede's).
-- Each article links to its page on the web outlet; an article the web
-- outlet leaves out (another language) links to the first outlet that
-- makes a page of it, and one no outlet publishes has no link. Drafts are
-- left out, and so are the stories the outlets hold back (under embargo,
-- withheld, killed: site:query leaves them out). DAYS must be a whole
-- number from 1 to 36500.

local WIDTH = 72

local site = lede.site()

local days = 30
if arg[1] ~= nil then
  days = tonumber(arg[1]) or -1
  if math.type(days) ~= "integer" or days < 1 or days > 36500 then
    error(("DAYS must be a whole number from 1 to 36500, not '%s' (lede run scripts/digest.lua [DAYS], e.g. 7)"):format(arg[1]))
  end
end
if arg[2] ~= nil then
  error("one argument at most: DAYS (lede run scripts/digest.lua [DAYS], e.g. 7)")
end

-- The URL of the article's page (site:page: web first, then any outlet
-- that makes a page of it), made absolute with base_url.
local function page_url(a)
  local url = site:page(a)
  if not url then return nil end
  local base = (site.config.base_url or ""):gsub("/+$", "")
  return base ~= "" and (base .. "/" .. url) or url
end

-- Paragraphs wrapped at `width` display columns, never breaking a word.
local wrap = lede.text.wrap

local lang = site.config.language or "en"
local now = lede.date.now()
local since = lede.date.from_epoch(now:epoch() - days * 86400)
-- (up to now: a story dated later is not of the last DAYS days)
local articles = site:query { since = since, ["until"] = now }

local items = {}
for i, a in ipairs(articles) do
  items[i] = {
    title = a.title,
    url = page_url(a),
    lang = a.lang,
    section = a.section,
    summary = a.summary ~= "" and a.summary or nil,
    date = { iso = a.date:iso(), long = a.date:localized(lang) },
  }
end

local title = (site.config.title or "News") .. " — digest"
local period = ("%s to %s"):format(since:localized(lang), now:localized(lang))
local count = #items == 1 and "1 article" or (#items .. " articles")
local last = days == 1 and "the last day" or ("the last %d days"):format(days)

-- A line of mail holds at most 998 bytes (RFC 5322, 2.1.1). The text is
-- wrapped at WIDTH, but a URL or word longer than that stays whole on a
-- line of its own: past 998 bytes it is for the sender to encode the
-- file (quoted-printable or base64, as mail libraries do for long lines;
-- a mail server given it as it is breaks the line, and the URL in it).
-- A warning names the line and the article.
local MAIL_LINE = 998
local lines = 0 -- (of out, so far)
local function check_lines(out, from, a)
  local n = lines
  for i = from, #out do
    for line in (out[i] .. "\n"):gmatch("(.-)\n") do
      n = n + 1
      if #line > MAIL_LINE then
        lede.log.warn(("line %d of digest/digest.txt (the entry of %s) is %d bytes, more than "
          .. "the 998 a line of mail may hold (RFC 5322): a URL or word longer than %d columns "
          .. "is not broken; send the file quoted-printable or base64 (mail libraries do for "
          .. "long lines), not as it is through sendmail, whose server would break the line "
          .. "and the URL in it"):format(n, a.path, #line, WIDTH))
        break
      end
    end
  end
  lines = n
end

-- The text edition.
local rule = string.rep("=", WIDTH)
local out = { title, wrap(("%s in %s, from %s."):format(count, last, period), WIDTH), rule, "" }
check_lines(out, 1, { path = "the site" })
for i, item in ipairs(items) do
  local from = #out + 1
  out[#out + 1] = wrap(item.title, WIDTH)
  out[#out + 1] = item.date.long .. (item.section and (" · " .. item.section) or "")
  if item.url then out[#out + 1] = item.url end
  out[#out + 1] = ""
  if item.summary then
    out[#out + 1] = wrap(item.summary, WIDTH)
    out[#out + 1] = ""
  end
  check_lines(out, from, articles[i])
end
if #items == 0 then
  out[#out + 1] = ("Nothing was published in %s."):format(last)
  out[#out + 1] = ""
end
lede.write("digest/digest.txt", table.concat(out, "\n"))

-- The HTML edition: the template escapes every value ({{...}}).
lede.write("digest/digest.html", lede.template.render("digest", {
  site = site.config,
  lang = lang,
  title = title,
  days = days,
  last = last,
  period = period,
  count = count,
  items = items,
  empty = #items == 0,
}))

print(("digest: %s since %s: digest/digest.txt, digest/digest.html"):format(count, since:format("%Y-%m-%d")))
