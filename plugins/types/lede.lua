---@meta lede
-- plugins/types/lede.lua: LuaCATS type definitions of the API lede gives
-- plugins, publish scripts and plugin tests, for lua-language-server (see
-- docs/editor.md). Never loaded by lede; tests/lua/types_test.lua fails when
-- this file and the C side (core/lua_*.c, core/testing.c) disagree.

-- Conventions the drift test relies on: one `---@class` per block followed by
-- its `---@field` lines and, for userdata with methods, `local x = {}` then
-- `function x:method(`; module functions are written `function lede.a.b(`,
-- other module values `lede.a = ...`. A line `-- only: lede run` right above
-- a declaration marks a name that exists only under that command.

------------------------------------------------------------------------------
-- Plugins and the tables hooks receive
------------------------------------------------------------------------------

---The table a plugin file returns. Every hook is optional; a key that is not
---a hook is reported when the plugin loads. Annotate it for completion:
---```lua
------@type lede.plugin
---return { transform = function(a, outlet) ... end }
---```
---@class lede.plugin
---Once per plugin instance, before any article hook. `opts` is the entry's `options:` mapping (or an empty table).
---@field setup? fun(site: lede.site, opts: table<string, any>)
---Once per article, top-level plugins only. Return `false` to drop the article from the whole build.
---@field article? fun(a: lede.article): boolean?
---Per outlet and article, on the shared article: decide, do not modify. Return `false` to skip this outlet.
---@field filter? fun(a: lede.article, outlet: lede.outlet): boolean?
---Per outlet and article, on the outlet's own copy. Return `false` to drop the article from this outlet.
---@field transform? fun(a: lede.article, outlet: lede.outlet): boolean?
---Pandoc-style node filters, run on the outlet's copy after every `transform`.
---@field nodes? lede.nodefilters
---Format plugins only: one article's page, or `nil` for no page.
---@field render? fun(a: lede.article, outlet: lede.outlet): string?
---Format plugins only: per article, on the outlet's copy after `render`: what
---`index` will need of it once it is freed (a feed's content), as data, read
---there as `a.fragment`.
---@field fragment? fun(a: lede.article, outlet: lede.outlet): any
---Format plugins only: one index page (articles newest first), or `nil` for no page.
---The list holds collection records: the light fields, `a.fragment`, no body.
---@field index? fun(list: lede.article[], outlet: lede.outlet, page: lede.page): string?
---Once per plugin instance after every outlet is written.
---@field finish? fun(site: lede.site)

---What a node filter returns: `nil` keeps the node, a node replaces it, a
---list of nodes is spliced in its place, `{}` deletes it.
---@alias lede.filterresult lede.node|lede.node[]|nil

---A node filter: gets `(node, a, outlet)` in the `nodes` hook, `(node)` alone
---in `node:walk(filters)`.
---With `traverse = "topdown"`, a second result `false` leaves the children
---of what the filter left in the node's place unwalked.
---@alias lede.nodefilter fun(node: lede.node, a?: lede.article, outlet?: lede.outlet): lede.filterresult, boolean?

---Node filters by node type name. Children are filtered before their parent
---(`traverse = "topdown"`: after it); what a filter returns is not filtered
---again; the root Document is never passed.
---@class lede.nodefilters
---@field traverse? "topdown"|"typewise" Pandoc's walk order; default "typewise", children first
---@field Document? lede.nodefilter
---@field BlockQuote? lede.nodefilter
---@field List? lede.nodefilter
---@field Item? lede.nodefilter
---@field CodeBlock? lede.nodefilter
---@field HtmlBlock? lede.nodefilter
---@field Paragraph? lede.nodefilter
---@field Heading? lede.nodefilter
---@field ThematicBreak? lede.nodefilter
---@field Table? lede.nodefilter
---@field TableRow? lede.nodefilter
---@field TableCell? lede.nodefilter
---@field RawBlock? lede.nodefilter
---@field Div? lede.nodefilter
---@field FootnoteDefinition? lede.nodefilter
---@field Text? lede.nodefilter
---@field SoftBreak? lede.nodefilter
---@field LineBreak? lede.nodefilter
---@field Code? lede.nodefilter
---@field HtmlInline? lede.nodefilter
---@field Emph? lede.nodefilter
---@field Strong? lede.nodefilter
---@field Strikethrough? lede.nodefilter
---@field Link? lede.nodefilter
---@field Image? lede.nodefilter
---@field RawInline? lede.nodefilter
---@field Span? lede.nodefilter
---@field FootnoteReference? lede.nodefilter

---The `site:` mapping of lede.yaml, every key included, with defaults filled.
---@class lede.site
---@field title string `""` when not set
---@field base_url string `""` when not set
---@field language string `"en"` when not set
---@field now lede.date the build time (`$LEDE_NOW` when set)
---@field generator string the lede version
---@field [string] any the other keys of the `site:` mapping

---The outlet a hook runs for.
---@class lede.outlet
---@field name string the outlet's name in lede.yaml
---@field format string its format plugin (`html`, `text`, `atom`...)
---@field path string the path pattern, e.g. `"{lang}/{section}/{slug}/"`
---@field template? string set only when the outlet names one
---@field config table<string, any> the outlet's whole mapping from lede.yaml
---@field linked lede.outlet.link[] the outlets (feeds) whose entries link to this one
---@field editions lede.outlet.edition[] the other outlets of its format with an index in another language
---@field site lede.site the site table with the outlet's own `site:` overrides

---An outlet linking to another (a feed of a web outlet), in `outlet.linked`.
---@class lede.outlet.link
---@field name string
---@field format string
---@field path string its index path, else its path

---Another edition's index, in `outlet.editions`.
---@class lede.outlet.edition
---@field lang string
---@field url string its index page's path
---@field title string its site title
---@field name string the outlet's name

---An edition (translation) of an article, in `a.translations`.
---@class lede.translation
---@field lang string
---@field url string its page's path, for this outlet
---@field title string

---The page argument of the `index` hook.
---@class lede.page
---@field number integer this page, from 1
---@field total integer the number of pages (at least 1)
---@field url string this page's path: `""` for page 1, then `page/2/`...
---@field prev_url? string absent on the first page
---@field next_url? string absent on the last page
---@field tag? string the tag, on a tag page
---@field section? string the section, on a section front

---A link found in an article (`a.links`).
---@class lede.link
---@field url string normalised: `http://` added to bare hosts, `mailto:` to e-mails
---@field text? string the link text as written
---@field kind "inline"|"reference"|"image"|"autolink"|"url"|"email"|"html"
---@field paragraph integer 1-based index of the block in the body
---@field start integer byte offset in the file
---@field ["end"] integer byte offset in the file (exclusive)

---A quotation found in an article (`a.quotes`).
---@class lede.quote
---@field text string the quoted words, without the quotation marks
---@field speaker? string
---@field role? string
---@field cue? string the verb ("said", "a déclaré")
---@field paragraph integer
---@field start integer byte offset in the file, marks included
---@field ["end"] integer byte offset in the file (exclusive)
---@field confidence number from 0 to 1

------------------------------------------------------------------------------
-- Userdata: article, node, date, regex
------------------------------------------------------------------------------

---A news article (userdata). Reading an unknown field warns and gives nil;
---setting one raises. Your own values go in `a.meta`.
---@class lede.article
---@field title string writable (a string)
---@field summary string the `summary:` key, else the first paragraph's text, else `""`; writable (string or nil)
---@field slug string writable: slugified on write, must keep a letter or digit
---@field lang string writable (a string)
---@field section? string writable (string or nil)
---@field date lede.date writable: a date, or a string such as `"2021-03-04"`
---@field published lede.date when it was published: its `embargo:` (an edition without one: its story's) when later than its date, else its date; what collections order it by; read-only
---@field draft boolean read-only
---@field tags string[] writable (a table); edits to the table persist
---@field authors string[] `authors:`, else `author:`; writable (a table)
---@field meta table<string, any> the whole front matter; writable (a table)
---@field body? lede.node the Document node; read-only (edit the tree)
---@field links lede.link[] the links found in the text (edit the table)
---@field quotes lede.quote[] the quotations found in the text (edit the table)
---@field path string the source file relative to the site; read-only
---@field url? string this outlet's page path; nil outside an outlet; writable (string or nil)
---@field file? string per outlet: the output file of its page (differs from `url` when the outlet links to another outlet's pages); read-only
---@field outlet? string the outlet's name on an outlet's copy; read-only
---@field fragment? any in an index hook: what the format's fragment hook returned for it; read-only
---@field translations lede.translation[] on an outlet's copy: its other editions, by language; read-only
local article = {}

---The body as HTML (raw HTML and unsafe URLs dropped unless `allow_raw_html: true`).
---`opts.backref`: the footnote back-links' label, before the note's number
---(default "Back to reference"), in the page's language. `opts.headings`:
---the level (1 to 6) the highest heading is written at, the others below.
---`opts.notes`: the footnotes section's `aria-label` (its name for screen
---readers, "Notes"), in the page's language; none by default.
---@param opts? {backref?: string, notes?: string, headings?: integer}
---@return string
function article:html(opts) end

---The body as plain text, wrapped at `width` (0: no wrapping), links as `[n]`
---with a list of URLs at the end, or with `references = false` as `text <url>`.
---@param opts? {width?: integer, references?: boolean}
---@return string
function article:text(opts) end

---The number of words of the body's text: runs between spaces, and each
---Chinese or Japanese character (ideograph or kana) one word.
---@return integer
function article:words() end

---@alias lede.nodetype
---| "Document" | "BlockQuote" | "List" | "Item" | "CodeBlock" | "HtmlBlock"
---| "Paragraph" | "Heading" | "ThematicBreak" | "Table" | "TableRow" | "TableCell"
---| "RawBlock" | "Div" | "Text" | "SoftBreak" | "LineBreak" | "Code" | "HtmlInline"
---| "Emph" | "Strong" | "Strikethrough" | "Link" | "Image" | "RawInline" | "Span"
---| "FootnoteDefinition" | "FootnoteReference"

---Pandoc's List methods, on what node:children() returns and on a node's
---classes; map, filter and clone return lists that have them too.
---@class lede.List
local List = {}
---Whether x is in the list (from index init, negative from the end).
---@param x any
---@param init? integer
---@return boolean
function List:includes(x, init) end
---x and its index, or nil.
---@param x any
---@param init? integer
---@return any, integer?
function List:find(x, init) end
---The first item pred(item, i) holds for, and its index, or nil.
---@param pred fun(item: any, i: integer): any
---@param init? integer
---@return any, integer?
function List:find_if(pred, init) end
---A new list of fn(item, i).
---@param fn fun(item: any, i: integer): any
---@return lede.List
function List:map(fn) end
---A new list of the items pred(item, i) holds for.
---@param pred fun(item: any, i: integer): any
---@return lede.List
function List:filter(pred) end
---Inserts x at pos (default: the end), as table.insert.
---@overload fun(self: lede.List, x: any)
---@param pos integer
---@param x any
function List:insert(pos, x) end
---Removes the item at pos (default: the last) and returns it, as table.remove.
---@param pos? integer
---@return any
function List:remove(pos) end
---Appends the items of `list`; returns this list.
---@param list table|lede.List
---@return lede.List
function List:extend(list) end
---A shallow copy.
---@return lede.List
function List:clone() end
---Item i, counted from the end when negative; default when there is none.
---@param i integer
---@param default? any
---@return any
function List:at(i, default) end

---A node of an article's body (userdata). Two handles to one node are `==`.
---Reading an unknown field raises; setting a field the node type lacks raises.
---@class lede.node
---@field type lede.nodetype
---@field literal? string Text, Code, CodeBlock, HtmlBlock, HtmlInline, RawBlock, RawInline; writable there
---@field url? string Link, Image; writable there
---@field title? string Link, Image; writable there
---@field level? integer Heading only (1 to 6); writable there
---@field line? integer line in the article file; nil for nodes a plugin made
---@field column? integer column in the article file; nil for nodes a plugin made
---@field info? string a code block's info string (same slot as `format` and `class`)
---@field format? string a raw node's format, e.g. `"html"` (same slot as `info`)
---@field class? string a Div's or Span's class (same slot as `info`)
---@field id? string Link, Image, Span, Div, Heading, CodeBlock, Table: the HTML id; writable there
---@field classes? string[]|lede.List Link, Image, Span, Div, Heading, CodeBlock, Table: a live list (`classes[#classes + 1] = "x"`, `= nil` removes, Pandoc's List methods: `classes:includes("x")`); writable there with a list
---@field attributes? table<string, string> Link, Image, Span, Div, Heading, CodeBlock, Table: live key-values in the order set (`on...` refused); writable there with a table
---@field ordered boolean List; writable there
---@field start integer List; writable there
---@field tight boolean List; writable there
---@field checked? boolean a task Item: true or false; nil elsewhere; writable on Item
---@field number? integer FootnoteReference, FootnoteDefinition: the note's number; writable there
---@field parent? lede.node
---@field next? lede.node
---@field prev? lede.node
---@field first? lede.node
---@field last? lede.node
local node = {}

---Iterates over the node and its descendants in document order (a snapshot:
---editing during the loop is safe). With `filters`, applies them to the
---descendants as the `nodes` hook does and returns the node.
---@overload fun(self: lede.node, filters: lede.nodefilters): lede.node
---@return fun(): lede.node?
function node:walk() end

---The direct children: a new list, with Pandoc's List methods.
---@return lede.node[]|lede.List
function node:children() end

---Adds `child` as the last child. A node from elsewhere is copied in: use the result.
---@param child lede.node
---@return lede.node attached
function node:append(child) end

---Adds `child` as the first child.
---@param child lede.node
---@return lede.node attached
function node:prepend(child) end

---Puts `other` just before this node.
---@param other lede.node
---@return lede.node attached
function node:insert_before(other) end

---Puts `other` just after this node.
---@param other lede.node
---@return lede.node attached
function node:insert_after(other) end

---Puts `other` where this node is and detaches this node.
---@param other lede.node
---@return lede.node attached
function node:replace(other) end

---Detaches the node from the tree.
---@return lede.node self
function node:unlink() end

---A deep copy, detached.
---@return lede.node
function node:clone() end

---The node and its subtree as HTML.
---@return string
function node:html() end

---The plain text of the node (breaks as spaces, blocks on separate lines).
---@return string
function node:text() end

---A date (userdata), read-only; compare with `==`, `<`, `<=`; `tostring` gives `iso()`.
---@class lede.date
---@field year integer
---@field month integer
---@field day integer
---@field hour integer
---@field min integer
---@field sec integer
---@field nsec integer
---@field offset integer UTC offset in minutes east (0 without a zone)
---@field has_time boolean
---@field has_zone boolean
local date = {}

---strftime-like: `%Y %m %d %e %H %M %S %y %b %B %a %A %j %z %Z %%`, names in `lang`
---(the languages of `localized`; English without one).
---@param fmt string
---@param lang? string
---@return string
function date:format(fmt, lang) end

---`2020-07-24T10:00:00+02:00` (a date alone gets `T00:00:00Z`).
---@return string
function date:rfc3339() end

---`Fri, 24 Jul 2020 10:00:00 +0200`.
---@return string
function date:rfc822() end

---As written: `2020-07-24`, or `2020-07-24T10:00:00+02:00` with a time.
---@return string
function date:iso() end

---CLDR's full date in `lang`: `Friday 24 July 2020`, `vendredi 24 juillet 2020`,
---`пятница, 24 июля 2020 г.`, `2020年7月24日金曜日`... (en fr es de it pt nl ru pl
---tr ar he hi zh ja ko); other languages fall back to English.
---@param lang? string
---@return string
function date:localized(lang) end

---Seconds since 1970 (a date without zone is read as UTC).
---@return integer
function date:epoch() end

---A compiled regular expression (`lede.re.compile`): the lede.re functions
---without the pattern and flags arguments.
---@class lede.regex
local regex = {}

---@param s string
---@param init? integer
---@return integer? start
---@return integer? end_
---@return (string|false)? ... the captures
function regex:find(s, init) end

---@param s string
---@param init? integer
---@return (string|false)? ... the captures, or the whole match
function regex:match(s, init) end

---@param s string
---@param init? integer
---@return lede.re.result?
function regex:exec(s, init) end

---@param s string
---@return fun(): string, ...
function regex:gmatch(s) end

---@param s string
---@param repl string|table|fun(...): any
---@param n? integer
---@return string
---@return integer count
function regex:gsub(s, repl, n) end

---What `lede.re.exec` returns: `[0]` the match, `[1]...` the captures
---(false when not taking part), each named group by name, `start`, `end`.
---@class lede.re.result
---@field [0] string
---@field [integer] string|false
---@field start integer
---@field ["end"] integer
---@field [string] string|false

------------------------------------------------------------------------------
-- The lede module
------------------------------------------------------------------------------

---The lede module (the global `lede`, also `require("lede")`).
lede = {}

---The lede version, e.g. `"0.1.0"`.
---@type string
lede.version = ""

---The value a YAML `null` takes inside a list; `lede.json.encode` writes it as `null`.
---@type lightuserdata
lede.null = nil

lede.html = {}

---Escapes `& < > " '` for HTML text and attributes.
---@param s string
---@return string
function lede.html.escape(s) end

---The alt attribute's text for an image whose alt text is `s`: `s`, or `""`
---when `s` is quotation marks with nothing between them (`![""](rule.png)`,
---also as smartquotes wrote it: decoration said on purpose), with `true`.
---@param s string
---@return string alt
---@return boolean decorative
function lede.html.alt(s) end

lede.xml = {}

---Escapes for XML and removes the characters XML forbids.
---@param s string
---@return string
function lede.xml.escape(s) end

lede.escape = {}

---A URL for an `href` attribute, as lede's renderer writes links: what may
---not stand in one (spaces, quotes, `<>\^`{|}`, controls, non-ASCII bytes)
---percent-encoded, then escaped for HTML.
---@param url string
---@return string
function lede.escape.href(url) end

lede.text = {}

---`s` as one paragraph (white space runs as one space, control characters
---left out) wrapped at `width` display columns (0: one line), each line
---starting with `indent`; words and URLs are never broken; Chinese and
---Japanese break between characters (not before closing punctuation).
---@param s string
---@param width integer
---@param indent? string
---@return string
function lede.text.wrap(s, width, indent) end

---Display width in terminal columns: wide characters (CJK, most emoji) 2,
---combining marks 0.
---@param s string
---@return integer
function lede.text.width(s) end

---`s` without the control characters plain text cannot show (C0 but tab and
---newline, DEL, C1).
---@param s string
---@return string
function lede.text.clean(s) end

---`s` with each bidi embedding or override (U+202A, U+202B, U+202D, U+202E)
---and isolate (U+2066 to U+2068) it leaves open closed at its end (U+202C,
---U+2069), so that it does not turn text put after it; a closer that closes
---nothing of `s` is dropped. `s` as it is when it holds none. Templates'
---`{{x}}` and `lede.html.escape` do it already: this is for a text joined to
---another before it is escaped (a byline of several authors).
---@param s string
---@return string
function lede.text.bidi_close(s) end

---`s` in upper case, every Unicode letter (`string.upper` knows only ASCII):
---"Espaces métropolitains" -> "ESPACES MÉTROPOLITAINS".
---@param s string
---@return string
function lede.text.upper(s) end

---`s` in lower case, every Unicode letter.
---@param s string
---@return string
function lede.text.lower(s) end

---`s` with the first letter of every word in title case; the other letters
---are left as they are (acronyms stay), so lower it first for "Title Case".
---@param s string
---@return string
function lede.text.title(s) end

---Typographic quotation marks and apostrophes in a language (`opts.lang`, a
---tag such as `"fr-CA"`, default `"en"`): en “…” ‘…’ ’, fr « … » with
---narrow no-break spaces (and before `; ! ?`, a no-break space before `:`),
---es and it «…», de „…“, ru uk be «…» „…“, pl „…” «…»; other languages are
---left alone. Returns `s` itself when nothing
---changes. `s` may also be a list of pieces read as one text: strings are
---rewritten, `{ string }` tables are context only (say `{ "x" }` for inline
---code, `{ "\n" }` for a line break); the result is a new list. `s` may
---also be a node (`a.body`): each paragraph, heading and table cell in it is
---rewritten in place, and the result is `true` when a text changed.
---@param s string|(string|string[])[]|lede.node
---@param opts? { lang?: string }
---@return string|(string|string[])[]|boolean
function lede.text.smartquotes(s, opts) end

lede.url = {}

---RFC 3986 resolution: `ref` made absolute against `base` (an absolute
---URL); a `ref` with a scheme comes back as it is.
---@param base string
---@param ref string
---@return string
function lede.url.resolve(base, ref) end

---The host of an absolute http(s) URL or a protocol-relative `//host` one,
---read as a browser reads it (leading spaces and controls skipped, tabs and
---newlines ignored, `\` as `/`): lower case, without user info, port or
---trailing dot; and the scheme, `"http"` or `"https"` (nil for `//host`).
---nil for any other URL, and for nil.
---@param url string?
---@return string? host
---@return ("http"|"https")? scheme
function lede.url.host(url) end

---`url` as a URI: percent-encoded as `lede.escape.href` does (non-ASCII
---bytes, spaces, controls, `"<>\^`{|}`, `[` `]` but in an IPv6 host), with
---no HTML escaping; `%` is kept.
---@param url string
---@return string
function lede.url.encode(url) end

---Images with libvips, for formats (not available to sandboxed plugins).
lede.image = {}

---@class lede.rendition
---@field width integer
---@field height integer
---@field format "webp"|"jpeg"
---@field type string its media type, `"image/webp"`
---@field path string under the output folder: `"media/HASH-480.webp"`
---@field bytes integer the file's size

---@class lede.renditions
---@field width integer the source's width, EXIF orientation applied
---@field height integer
---@field type string the source's media type
---@field bytes integer the source's size
---@field original string the copied source, under the output folder
---@field renditions lede.rendition[] narrowest first, each width in every format

---Resized copies of an image file of the site, written into the output
---folder as `DIR/HASH-WIDTH.EXT` (HASH: the source's SHA-256), never
---encoded again while the file is there. Widths wider than the source
---become one rendition at its own width. Raises on a missing or unreadable
---image. `lede check` computes the sizes and writes nothing.
---@param file string a path from the site root, e.g. `"content/photos/a.jpg"`
---@param opts? { widths?: integer[], formats?: ("webp"|"jpeg")[], dir?: string, max_pixels?: integer }
---@return lede.renditions
function lede.image.renditions(file, opts) end

---The site path of an image the article names by `url` (relative to the
---article's file, or to the site root with a leading `/`); nil for a URL
---or a path leaving the site.
---@param a lede.article
---@param url string
---@return string?
function lede.image.source(a, url) end

---The front matter's `image:` ({src, alt, caption, credit}, or a path):
---those fields and `file` (its site path; nil for a URL), or nil when there
---is none. Warns once per article when alt is missing; raises (with the
---front matter's line) when the value is malformed. With `opts` (those of
---`lede.image.renditions`), a file's renditions too, as `img`; a file that
---cannot be rendered (not an image, larger than max_pixels) raises at the
---front matter's line.
---@param a lede.article
---@param opts? { widths?: integer[], formats?: ("webp"|"jpeg")[], dir?: string, max_pixels?: integer }
---@return { src: string, alt?: string, caption?: string, credit?: string, file?: string, img?: table }?
function lede.image.lead(a, opts) end

---A warning at `node`'s line in the article's file; with `once` true, given
---once for the build however many outlets render the article.
---@param a lede.article
---@param node lede.node
---@param msg string
---@param once? boolean
function lede.image.warn(a, node, msg, once) end

lede.json = {}

---JSON text: sequences as arrays, other tables as objects with sorted keys
---(those in `opts.order` first, in that order, at every depth), dates as
---RFC 3339, `nil` and `lede.null` as `null`.
---@param v any
---@param opts? { order?: string[] }
---@return string
function lede.json.encode(v, opts) end

---Parses JSON text: objects and arrays as tables (objects stay objects when
---encoded again), `null` as `lede.null`. On bad input returns nil and
---"lede.json.decode: line L, column C: message".
---@param text string
---@return any value
---@return string? error
function lede.json.decode(text) end

---Marks `t` (default: a new table) to encode as an object even when empty.
---@generic T: table
---@param t? T
---@return T
function lede.json.object(t) end

---The site's slug of `s` (lede.yaml `slugs:`): with `ascii`, accents removed,
---lower case, other runs as one `-` (may be empty); with `unicode`, the
---letters and digits of every script kept (`москва`).
---@param s string
---@return string
function lede.slug(s) end

---@class lede.datelib
lede.date = {}

---A date from the front matter date forms, or `nil` and a message (never raises).
---@param s string
---@return lede.date?
---@return string? err
function lede.date.parse(s) end

---The build time (`$LEDE_NOW` when set).
---@return lede.date
function lede.date.now() end

---The date `t` seconds after 1970-01-01 UTC, shown at `offset` minutes east
---of UTC (default 0; -720 to 840). A date outside the years 0001 to 9999 raises.
---@param t integer seconds since 1970
---@param offset? integer
---@return lede.date
function lede.date.from_epoch(t, offset) end

lede.template = {}

---Renders a Mustache template: a name (`"article"`, `"article.mustache"`) from
---the site's templates/ then lede's, or text holding `{` or a newline.
---@param name_or_text string
---@param context? any
---@return string
function lede.template.render(name_or_text, context) end

---Parses Markdown (with the site's `allow_raw_html`) into a new Document node.
---@param text string
---@return lede.node
function lede.markdown(text) end

lede.log = {}

---Prints `FILE:LINE: info: MSG (article)` to stderr; `-q` hides it.
---@param msg string
---@param level? integer as `error`'s: 1 (default) the line calling it, 2 the line calling that function
function lede.log.info(msg, level) end

---Prints a warning, counted in the build summary.
---@param msg string
---@param level? integer as for `lede.log.info`
function lede.log.warn(msg, level) end

---Prints an error: the exit status becomes 1 (the build stops under `--strict`).
---@param msg string
---@param level? integer as for `lede.log.info`
function lede.log.error(msg, level) end

---Prints a warning at the place of `key` in article `a`'s front matter
---(`content/b.md:4:5: warning: MSG`), once for the build.
---@param a lede.article
---@param key string
---@param msg string
function lede.log.warn_at(a, key, msg) end

---Writes `data` to `path` inside the output folder, atomically; a path that
---is absolute or uses `..` raises. Writes nothing under `lede check` and `lede test`.
---@param path string
---@param data string
function lede.write(path, data) end

---A library of Lua code shared by plugins: the site's plugins/lib/NAME.lua,
---else lede's own (e.g. "feed"); loaded once, like `require`. Not available
---to sandboxed plugins.
---@param name string a-z, 0-9 and _
---@return any
function lede.require(name) end

---Publish scripts (`lede run`) only: the loaded site, after the article
---hooks. See docs/scripts.md.
---@return lede.script_site
-- only: lede run
function lede.site() end

---@class lede.script_query
---@field tag? string|string[] any of these tags (also `tags`)
---@field tags? string|string[]
---@field section? string|string[]
---@field lang? string|string[]
---@field author? string|string[]
---@field speaker? string|string[] a speaker of one of the article's quotations
---@field since? string|lede.date
---@field until? string|lede.date
---@field days? integer only the last N days before lede.date.now()
---@field drafts? boolean include drafts (default false)
---@field held? boolean include the stories the outlets hold back: embargoed, withheld, killed (default false)
---@field where? fun(a: lede.article): boolean
---@field sort? "-date"|"date"|"title" default "-date" (newest first)
---@field limit? integer

---@class lede.script_group
---@field key string
---@field articles lede.article[]

---@class lede.script_site
---@field config lede.site the site settings
---@field outlets string[] outlet names, in config order
---@field articles lede.article[] every loaded article, drafts included, newest first
local script_site = {}

---@param q? lede.script_query
---@return lede.article[]
function script_site:query(q) end

---@param key "tag"|"section"|"lang"|"author"|"speaker"
---@param list? lede.article[] default: self:query()
---@return lede.script_group[]
function script_site:group_by(key, list) end

---Publishes outlets (all when none is named); returns files written and errors.
---@param which? string|string[]
---@return integer files
---@return integer errors
function script_site:publish(which) end

---The site path of the article's page: the first of `outlets` (default: web,
---then the others) that renders it as a page; nil when none does.
---@param a lede.article
---@param outlets? string|string[]
---@return string?
function script_site:page(a, outlets) end

---One article through one outlet, as a build renders it; nothing is written.
---@param a lede.article
---@param outlet string
---@return string? text
---@return string url_or_reason
function script_site:render(a, outlet) end

---What a constructor takes as content: a string (a Text, or a Paragraph
---holding it where blocks are needed), a node, or a list of those.
---@alias lede.content string|lede.node|(string|lede.node)[]

---Constructors of new, detached nodes.
---@class lede.nodelib
lede.node = {}

---@param content? lede.content
---@return lede.node
function lede.node.Document(content) end

---@param content? lede.content
---@return lede.node
function lede.node.Paragraph(content) end

---@param content? lede.content
---@return lede.node
function lede.node.BlockQuote(content) end

---Each item is an Item node, or content that is wrapped in one.
---@param items lede.content[]
---@param opts? {ordered?: boolean, start?: integer, tight?: boolean}
---@return lede.node
function lede.node.List(items, opts) end

---@param content? lede.content
---@return lede.node
function lede.node.Item(content) end

---@param text string
---@param info? string
---@return lede.node
function lede.node.CodeBlock(text, info) end

---@param level integer 1 to 6
---@param content? lede.content
---@param attr? {id?: string, classes?: string[]|lede.List, attributes?: table<string, string>} Pandoc's attr as lede's fields
---@return lede.node
function lede.node.Heading(level, content, attr) end

---@return lede.node
function lede.node.ThematicBreak() end

---@param rows? lede.content
---@return lede.node
function lede.node.Table(rows) end

---@param cells? lede.content
---@return lede.node
function lede.node.TableRow(cells) end

---@param content? lede.content
---@return lede.node
function lede.node.TableCell(content) end

---Trusted markup for one format (`"html"`, `"text"`), emitted as is by that
---format's renderer only. Never put article text in it unescaped.
---@param format string
---@param text string
---@return lede.node
function lede.node.RawBlock(format, text) end

---@param class string|nil
---@param content? lede.content
---@param attr? {id?: string, classes?: string[]|lede.List, attributes?: table<string, string>} Pandoc's attr as lede's fields
---@return lede.node
function lede.node.Div(class, content, attr) end

---@param text string
---@return lede.node
function lede.node.Text(text) end

---@return lede.node
function lede.node.SoftBreak() end

---@return lede.node
function lede.node.LineBreak() end

---@param text string
---@return lede.node
function lede.node.Code(text) end

---@param content? lede.content
---@return lede.node
function lede.node.Emph(content) end

---@param content? lede.content
---@return lede.node
function lede.node.Strong(content) end

---@param content? lede.content
---@return lede.node
function lede.node.Strikethrough(content) end

---@param url string
---@param content? lede.content
---@param title? string
---@return lede.node
function lede.node.Link(url, content, title) end

---@param url string
---@param alt? lede.content
---@param title? string
---@return lede.node
function lede.node.Image(url, alt, title) end

---Trusted inline markup for one format; see `RawBlock`.
---@param format string
---@param text string
---@return lede.node
function lede.node.RawInline(format, text) end

---@param class string|nil
---@param content? lede.content
---@param attr? {id?: string, classes?: string[]|lede.List, attributes?: table<string, string>} Pandoc's attr as lede's fields
---@return lede.node
function lede.node.Span(class, content, attr) end

---A footnote mark; the HTML renderer links it to the FootnoteDefinition
---of the same number.
---@param number integer 1 to 1000000
---@return lede.node
function lede.node.FootnoteReference(number) end

---A footnote's text (blocks); put it at the end of the document.
---@param number integer 1 to 1000000
---@param content? lede.content
---@return lede.node
function lede.node.FootnoteDefinition(number, content) end

---PCRE2 regular expressions shaped like Lua's string functions. Flags: `i`
---caseless, `m` multiline, `s` dot matches newline, `x` extended, `u` ignored.
---Captures that did not take part are `false`.
lede.re = {}

---@param s string
---@param pattern string
---@param init? integer
---@param flags? string
---@return integer? start
---@return integer? end_
---@return (string|false)? ... the captures
function lede.re.find(s, pattern, init, flags) end

---@param s string
---@param pattern string
---@param init? integer
---@param flags? string
---@return (string|false)? ... the captures, or the whole match
function lede.re.match(s, pattern, init, flags) end

---@param s string
---@param pattern string
---@param init? integer
---@param flags? string
---@return lede.re.result?
function lede.re.exec(s, pattern, init, flags) end

---@param s string
---@param pattern string
---@param flags? string
---@return fun(): string, ...
function lede.re.gmatch(s, pattern, flags) end

---`repl`: a string with `$0`-`$9`, `${N}`, `${name}`, `$$`; a table indexed by
---the first capture; or a function of the captures (then the named groups).
---@param s string
---@param pattern string
---@param repl string|table|fun(...): any
---@param n? integer
---@param flags? string
---@return string
---@return integer count
function lede.re.gsub(s, pattern, repl, n, flags) end

---@param pattern string
---@param flags? string
---@return lede.regex
function lede.re.compile(pattern, flags) end

---`s` with punctuation and spaces escaped, to match it literally.
---@param s string
---@return string
function lede.re.escape(s) end

---How many compiled patterns this Lua state's cache holds.
---@return integer
function lede.re.cache_size() end

------------------------------------------------------------------------------
-- lede test: plugin tests
------------------------------------------------------------------------------

---Only under `lede test`.
lede.test = {}

---An article parsed from a whole file's text; `path` (default `test.md`)
---gives the slug. A parse error raises with `path:line:col`.
---@param text string
---@param path? string
---@return lede.article
function lede.test.article(text, path) end

---An article read from `path`, relative to the site.
---@param path string
---@return lede.article
function lede.test.file(path) end

---The article through the outlet as in a build. Returns `text, url`;
---`nil, "filtered out"`; or `nil, message` when a hook raised.
---@param a lede.article
---@param outlet_name string
---@return string? text
---@return string? url_or_error
function lede.test.render(a, outlet_name) end

---The outlet table hooks receive.
---@param name string
---@return lede.outlet
function lede.test.outlet(name) end

---The collection record of `a`, as an index hook sees it in a build: no
---body, `a.fragment` set to `fragment`.
---@param a lede.article
---@param fragment? any
---@return lede.article
function lede.test.record(a, fragment) end

---A new instance of `plugins/NAME.lua` (`"formats/html"` for a format), after
---its `setup` ran with `opts`.
---@param name string
---@param opts? table<string, any>
---@return lede.plugin
function lede.test.plugin(name, opts) end

---Registers a test; tests run in file order after the file is loaded.
---@param name string
---@param fn fun()
function test(name, fn) end

---Fails unless equal; tables are compared deeply, `1` and `1.0` differ.
---@param got any
---@param want any
---@param label? string
function eq(got, want, label) end

---Fails unless `v` is truthy.
---@param v any
---@param message? string
function ok(v, message) end

---Fails unless `fn()` raises an error whose message contains `part`; returns the message.
---@param fn fun()
---@param part? string
---@return string message
function raises(fn, part) end

---Fails unless `s` contains `part` (plain text, not a pattern).
---@param s string
---@param part string
function contains(s, part) end

return lede
