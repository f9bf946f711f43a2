-- Small filters of the kind pandoc/lua-filters holds, ported the way
-- docs/plugins.md's "Porting a Pandoc filter" says, run as a build runs
-- them (tests/lua/site/plugins/pandoc/, the outlet 'pandoc'). The header
-- filter's Heading(l, c, {id =, classes = h.classes, attributes =
-- h.attributes}) lost its attributes, then raised "bad argument #3 to
-- '?' (table expected, got lede.node.attributes)".
local SRC = "---\ntitle: T\ndate: 2020-07-24\n---\n\n# About NASA\n\n" ..
  "The NASA and ESA [report](report.md) and [the site](https://esa.example).\n\n" ..
  "Code `x = 1` here.\n"

test("five ported Pandoc filters, in a build", function()
  local a = lede.test.article(SRC)
  local out = lede.test.render(a, "pandoc")
  local body = out:match('<div class="body">\n(.-)\n</div>')
  eq(body, '<h2 id="about-nasa" class="section-title">About <span class="smallcaps">nasa</span></h2>\n' ..
    '<p>The <span class="smallcaps">nasa</span> and <span class="smallcaps">esa</span> ' ..
    '<a href="report.html">report</a> and <a href="https://esa.example" class="external">the site</a>.</p>\n' ..
    "<p>Code <code>x = 1</code> here.</p>\n")
  lede.test.plugin("pandoc/wordcount").transform(a)
  eq(a.meta.wordcount, 14)
end)

test("a node's classes and attributes copy to another's", function()
  local n = lede.node
  local h = n.Heading(1, "x", { classes = { "a", "b" }, attributes = { ["data-k"] = "v" } })
  local s = n.Span("c", "y")
  s.classes = h.classes
  s.attributes = h.attributes
  eq(s:html(), '<span class="a b" data-k="v">y</span>')
  h.classes = h.classes
  eq(h:html(), '<h1 class="a b" data-k="v">x</h1>\n')
end)
