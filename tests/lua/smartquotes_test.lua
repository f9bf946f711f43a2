-- smartquotes_test.lua: the smartquotes plugin's output pinned down for a
-- broad set of inputs (titles and summaries as plain strings, bodies as
-- Markdown), captured from the all-Lua plugin before its hot loop moved to
-- C (lede.text.smartquotes), so the two are proven to give the same bytes.
local sq = lede.test.plugin("smartquotes")

-- Each row: the input, then the output for each of these languages.
-- ("nl": a language the rules leave alone)
local LANGS = { "en", "fr", "es", "nl", "fr-CA", "EN", "" }
local STRINGS = {
  { "", "", "", "", "", "", "", "" },
  { "Plain text with nothing to change.", "Plain text with nothing to change.", "Plain text with nothing to change.", "Plain text with nothing to change.", "Plain text with nothing to change.", "Plain text with nothing to change.", "Plain text with nothing to change.", "Plain text with nothing to change." },
  { "He said \"it's the cities' decade\" and 'no' in the '90s.", "He said “it’s the cities’ decade” and ‘no’ in the ’90s.", "He said «\u{202F}it’s the cities’ decade\u{202F}» and «\u{202F}no\u{202F}» in the ’90s.", "He said «it’s the cities’ decade» and «no» in the ’90s.", "He said \"it's the cities' decade\" and 'no' in the '90s.", "He said «\u{202F}it’s the cities’ decade\u{202F}» and «\u{202F}no\u{202F}» in the ’90s.", "He said “it’s the cities’ decade” and ‘no’ in the ’90s.", "He said \"it's the cities' decade\" and 'no' in the '90s." },
  { "\"She told us 'cities lead' today,\" he said.", "“She told us ‘cities lead’ today,” he said.", "«\u{202F}She told us “cities lead” today,\u{202F}» he said.", "«She told us “cities lead” today,» he said.", "\"She told us 'cities lead' today,\" he said.", "«\u{202F}She told us “cities lead” today,\u{202F}» he said.", "“She told us ‘cities lead’ today,” he said.", "\"She told us 'cities lead' today,\" he said." },
  { "\"Hello\"", "“Hello”", "«\u{202F}Hello\u{202F}»", "«Hello»", "\"Hello\"", "«\u{202F}Hello\u{202F}»", "“Hello”", "\"Hello\"" },
  { "'Hello'", "‘Hello’", "«\u{202F}Hello\u{202F}»", "«Hello»", "'Hello'", "«\u{202F}Hello\u{202F}»", "‘Hello’", "'Hello'" },
  { "\"", "“", "«\u{202F}", "«", "\"", "«\u{202F}", "“", "\"" },
  { "'", "’", "’", "’", "'", "’", "’", "'" },
  { "\"\"", "“”", "«\u{202F}\u{202F}»", "«»", "\"\"", "«\u{202F}\u{202F}»", "“”", "\"\"" },
  { "''", "‘’", "«\u{202F}’", "«’", "''", "«\u{202F}’", "‘’", "''" },
  { "\"'\"'", "“‘“’", "«\u{202F}“‘’", "«“‘’", "\"'\"'", "«\u{202F}“‘’", "“‘“’", "\"'\"'" },
  { "'\"'\"", "‘“‘”", "«\u{202F}“‘”", "«“‘”", "'\"'\"", "«\u{202F}“‘”", "‘“‘”", "'\"'\"" },
  { "\"\"\"\"", "“““”", "«\u{202F}“‘’", "«“‘’", "\"\"\"\"", "«\u{202F}“‘’", "“““”", "\"\"\"\"" },
  { "'''''", "‘‘‘‘’", "«\u{202F}“‘‘’", "«“‘‘’", "'''''", "«\u{202F}“‘‘’", "‘‘‘‘’", "'''''" },
  { "\"a\" \"b\" \"c\"", "“a” “b” “c”", "«\u{202F}a\u{202F}» «\u{202F}b\u{202F}» «\u{202F}c\u{202F}»", "«a» «b» «c»", "\"a\" \"b\" \"c\"", "«\u{202F}a\u{202F}» «\u{202F}b\u{202F}» «\u{202F}c\u{202F}»", "“a” “b” “c”", "\"a\" \"b\" \"c\"" },
  { "\"a \"b\" c\"", "“a “b” c”", "«\u{202F}a “b” c\u{202F}»", "«a “b” c»", "\"a \"b\" c\"", "«\u{202F}a “b” c\u{202F}»", "“a “b” c”", "\"a \"b\" c\"" },
  { "\"a 'b \"c\" d' e\"", "“a ‘b “c” d’ e”", "«\u{202F}a “b ‘c’ d” e\u{202F}»", "«a “b ‘c’ d” e»", "\"a 'b \"c\" d' e\"", "«\u{202F}a “b ‘c’ d” e\u{202F}»", "“a ‘b “c” d’ e”", "\"a 'b \"c\" d' e\"" },
  { "\"a 'b 'c' d' e\"", "“a ‘b ‘c’ d’ e”", "«\u{202F}a “b ‘c’ d” e\u{202F}»", "«a “b ‘c’ d” e»", "\"a 'b 'c' d' e\"", "«\u{202F}a “b ‘c’ d” e\u{202F}»", "“a ‘b ‘c’ d’ e”", "\"a 'b 'c' d' e\"" },
  { "\"one 'two \"three 'four' three\" two' one\"", "“one ‘two “three ‘four’ three” two’ one”", "«\u{202F}one “two ‘three ‘four’ three’ two” one\u{202F}»", "«one “two ‘three ‘four’ three’ two” one»", "\"one 'two \"three 'four' three\" two' one\"", "«\u{202F}one “two ‘three ‘four’ three’ two” one\u{202F}»", "“one ‘two “three ‘four’ three” two’ one”", "\"one 'two \"three 'four' three\" two' one\"" },
  { "don't won't can't I'm you're we'll they'd", "don’t won’t can’t I’m you’re we’ll they’d", "don’t won’t can’t I’m you’re we’ll they’d", "don’t won’t can’t I’m you’re we’ll they’d", "don't won't can't I'm you're we'll they'd", "don’t won’t can’t I’m you’re we’ll they’d", "don’t won’t can’t I’m you’re we’ll they’d", "don't won't can't I'm you're we'll they'd" },
  { "rock 'n' roll", "rock ‘n’ roll", "rock «\u{202F}n\u{202F}» roll", "rock «n» roll", "rock 'n' roll", "rock «\u{202F}n\u{202F}» roll", "rock ‘n’ roll", "rock 'n' roll" },
  { "the cities' plans; the mayor's office; James' book", "the cities’ plans; the mayor’s office; James’ book", "the cities’ plans\u{202F}; the mayor’s office\u{202F}; James’ book", "the cities’ plans; the mayor’s office; James’ book", "the cities' plans; the mayor's office; James' book", "the cities’ plans\u{202F}; the mayor’s office\u{202F}; James’ book", "the cities’ plans; the mayor’s office; James’ book", "the cities' plans; the mayor's office; James' book" },
  { "'tis the season; 'em", "‘tis the season; ‘em", "«\u{202F}tis the season\u{202F}; “em", "«tis the season; “em", "'tis the season; 'em", "«\u{202F}tis the season\u{202F}; “em", "‘tis the season; ‘em", "'tis the season; 'em" },
  { "in the '90s and '20s, '9 and '1999", "in the ’90s and ’20s, ‘9 and ’1999", "in the ’90s and ’20s, «\u{202F}9 and ’1999", "in the ’90s and ’20s, «9 and ’1999", "in the '90s and '20s, '9 and '1999", "in the ’90s and ’20s, «\u{202F}9 and ’1999", "in the ’90s and ’20s, ‘9 and ’1999", "in the '90s and '20s, '9 and '1999" },
  { "class of '68", "class of ’68", "class of ’68", "class of ’68", "class of '68", "class of ’68", "class of ’68", "class of '68" },
  { "5' 10\" tall; 12\" vinyl; 3'' x", "5’ 10” tall; 12” vinyl; 3’’ x", "5’ 10\u{202F}» tall\u{202F}; 12\u{202F}» vinyl\u{202F}; 3’’ x", "5’ 10» tall; 12» vinyl; 3’’ x", "5' 10\" tall; 12\" vinyl; 3'' x", "5’ 10\u{202F}» tall\u{202F}; 12\u{202F}» vinyl\u{202F}; 3’’ x", "5’ 10” tall; 12” vinyl; 3’’ x", "5' 10\" tall; 12\" vinyl; 3'' x" },
  { "He said: \"Yes!\"", "He said: “Yes!”", "He said\u{A0}: «\u{202F}Yes\u{202F}!\u{202F}»", "He said: «Yes!»", "He said: \"Yes!\"", "He said\u{A0}: «\u{202F}Yes\u{202F}!\u{202F}»", "He said: “Yes!”", "He said: \"Yes!\"" },
  { "(\"quoted\")", "(“quoted”)", "(«\u{202F}quoted\u{202F}»)", "(«quoted»)", "(\"quoted\")", "(«\u{202F}quoted\u{202F}»)", "(“quoted”)", "(\"quoted\")" },
  { "[\"quoted\"]", "[“quoted”]", "[«\u{202F}quoted\u{202F}»]", "[«quoted»]", "[\"quoted\"]", "[«\u{202F}quoted\u{202F}»]", "[“quoted”]", "[\"quoted\"]" },
  { "{\"quoted\"}", "{“quoted”}", "{«\u{202F}quoted\u{202F}»}", "{«quoted»}", "{\"quoted\"}", "{«\u{202F}quoted\u{202F}»}", "{“quoted”}", "{\"quoted\"}" },
  { "—\"dash\" –\"en\" -\"hy\" /\"sl\"", "—“dash” –“en” -“hy” /“sl”", "—«\u{202F}dash\u{202F}» –«\u{202F}en\u{202F}» -«\u{202F}hy\u{202F}» /«\u{202F}sl\u{202F}»", "—«dash» –«en» -«hy» /«sl»", "—\"dash\" –\"en\" -\"hy\" /\"sl\"", "—«\u{202F}dash\u{202F}» –«\u{202F}en\u{202F}» -«\u{202F}hy\u{202F}» /«\u{202F}sl\u{202F}»", "—“dash” –“en” -“hy” /“sl”", "—\"dash\" –\"en\" -\"hy\" /\"sl\"" },
  { "\"quoted\", \"next\".", "“quoted”, “next”.", "«\u{202F}quoted\u{202F}», «\u{202F}next\u{202F}».", "«quoted», «next».", "\"quoted\", \"next\".", "«\u{202F}quoted\u{202F}», «\u{202F}next\u{202F}».", "“quoted”, “next”.", "\"quoted\", \"next\"." },
  { "\"quoted\"; \"next\": \"q\"? \"e\"!", "“quoted”; “next”: “q”? “e”!", "«\u{202F}quoted\u{202F}»\u{202F}; «\u{202F}next\u{202F}»\u{A0}: «\u{202F}q\u{202F}»\u{202F}? «\u{202F}e\u{202F}»\u{202F}!", "«quoted»; «next»: «q»? «e»!", "\"quoted\"; \"next\": \"q\"? \"e\"!", "«\u{202F}quoted\u{202F}»\u{202F}; «\u{202F}next\u{202F}»\u{A0}: «\u{202F}q\u{202F}»\u{202F}? «\u{202F}e\u{202F}»\u{202F}!", "“quoted”; “next”: “q”? “e”!", "\"quoted\"; \"next\": \"q\"? \"e\"!" },
  { "\"Why?\" she asked. \"Because!\"", "“Why?” she asked. “Because!”", "«\u{202F}Why\u{202F}?\u{202F}» she asked. «\u{202F}Because\u{202F}!\u{202F}»", "«Why?» she asked. «Because!»", "\"Why?\" she asked. \"Because!\"", "«\u{202F}Why\u{202F}?\u{202F}» she asked. «\u{202F}Because\u{202F}!\u{202F}»", "“Why?” she asked. “Because!”", "\"Why?\" she asked. \"Because!\"" },
  { "\"ending with dot.\"", "“ending with dot.”", "«\u{202F}ending with dot.\u{202F}»", "«ending with dot.»", "\"ending with dot.\"", "«\u{202F}ending with dot.\u{202F}»", "“ending with dot.”", "\"ending with dot.\"" },
  { "'single.' 'single,'", "‘single.’ ‘single,’", "«\u{202F}single.\u{202F}» «\u{202F}single,\u{202F}»", "«single.» «single,»", "'single.' 'single,'", "«\u{202F}single.\u{202F}» «\u{202F}single,\u{202F}»", "‘single.’ ‘single,’", "'single.' 'single,'" },
  { "<em>\"markup\"</em> and <a href=\"x\">'a'</a>", "<em>”markup”</em> and <a href=”x”>’a’</a>", "<em>\u{202F}»markup\u{202F}»</em> and <a href=\u{202F}»x\u{202F}»>’a’</a>", "<em>»markup»</em> and <a href=»x»>’a’</a>", "<em>\"markup\"</em> and <a href=\"x\">'a'</a>", "<em>\u{202F}»markup\u{202F}»</em> and <a href=\u{202F}»x\u{202F}»>’a’</a>", "<em>”markup”</em> and <a href=”x”>’a’</a>", "<em>\"markup\"</em> and <a href=\"x\">'a'</a>" },
  { "*\"emphasis\"* and **'strong'** _\"u\"_", "*”emphasis”* and **’strong’** _”u”_", "*\u{202F}»emphasis\u{202F}»* and **’strong’** _\u{202F}»u\u{202F}»_", "*»emphasis»* and **’strong’** _»u»_", "*\"emphasis\"* and **'strong'** _\"u\"_", "*\u{202F}»emphasis\u{202F}»* and **’strong’** _\u{202F}»u\u{202F}»_", "*”emphasis”* and **’strong’** _”u”_", "*\"emphasis\"* and **'strong'** _\"u\"_" },
  { "`\"code\"` here", "`”code”` here", "`\u{202F}»code\u{202F}»` here", "`»code»` here", "`\"code\"` here", "`\u{202F}»code\u{202F}»` here", "`”code”` here", "`\"code\"` here" },
  { "\"url https://x.org/a?b='c'\"", "“url https://x.org/a?b=’c’”", "«\u{202F}url https://x.org/a?b=’c’\u{202F}»", "«url https://x.org/a?b=’c’»", "\"url https://x.org/a?b='c'\"", "«\u{202F}url https://x.org/a?b=’c’\u{202F}»", "“url https://x.org/a?b=’c’”", "\"url https://x.org/a?b='c'\"" },
  { "Already “curly” and ‘single’ and «guillemets» and ‹single› and „low“.", "Already “curly” and ‘single’ and «guillemets» and ‹single› and „low“.", "Already “curly” and ‘single’ and «guillemets» and ‹single› and „low“.", "Already “curly” and ‘single’ and «guillemets» and ‹single› and „low“.", "Already “curly” and ‘single’ and «guillemets» and ‹single› and „low“.", "Already “curly” and ‘single’ and «guillemets» and ‹single› and „low“.", "Already “curly” and ‘single’ and «guillemets» and ‹single› and „low“.", "Already “curly” and ‘single’ and «guillemets» and ‹single› and „low“." },
  { "Mixed “curly \"straight\" inside” and \"straight “curly” inside\".", "Mixed “curly “straight” inside” and “straight “curly” inside”.", "Mixed “curly “straight” inside” and «\u{202F}straight “curly” inside\u{202F}».", "Mixed “curly “straight” inside” and «straight “curly” inside».", "Mixed “curly \"straight\" inside” and \"straight “curly” inside\".", "Mixed “curly “straight” inside” and «\u{202F}straight “curly” inside\u{202F}».", "Mixed “curly “straight” inside” and “straight “curly” inside”.", "Mixed “curly \"straight\" inside” and \"straight “curly” inside\"." },
  { "«déjà»", "«déjà»", "«déjà»", "«déjà»", "«déjà»", "«déjà»", "«déjà»", "«déjà»" },
  { "« déjà »", "« déjà »", "«\u{202F}déjà\u{202F}»", "« déjà »", "« déjà »", "«\u{202F}déjà\u{202F}»", "« déjà »", "« déjà »" },
  { "«\u{A0}déjà\u{A0}»", "«\u{A0}déjà\u{A0}»", "«\u{202F}déjà\u{202F}»", "«\u{A0}déjà\u{A0}»", "«\u{A0}déjà\u{A0}»", "«\u{202F}déjà\u{202F}»", "«\u{A0}déjà\u{A0}»", "«\u{A0}déjà\u{A0}»" },
  { "«\u{202F}déjà\u{202F}»", "«\u{202F}déjà\u{202F}»", "«\u{202F}déjà\u{202F}»", "«\u{202F}déjà\u{202F}»", "«\u{202F}déjà\u{202F}»", "«\u{202F}déjà\u{202F}»", "«\u{202F}déjà\u{202F}»", "«\u{202F}déjà\u{202F}»" },
  { "«\u{2009}déjà\u{2009}»", "«\u{2009}déjà\u{2009}»", "«\u{202F}déjà\u{202F}»", "«\u{2009}déjà\u{2009}»", "«\u{2009}déjà\u{2009}»", "«\u{202F}déjà\u{202F}»", "«\u{2009}déjà\u{2009}»", "«\u{2009}déjà\u{2009}»" },
  { "«  double  »", "«  double  »", "«\u{202F} double \u{202F}»", "«  double  »", "«  double  »", "«\u{202F} double \u{202F}»", "«  double  »", "«  double  »" },
  { "Il a dit \"c'est non\" puis \"on verra 'demain'\".", "Il a dit “c’est non” puis “on verra ‘demain’”.", "Il a dit «\u{202F}c’est non\u{202F}» puis «\u{202F}on verra “demain”\u{202F}».", "Il a dit «c’est non» puis «on verra “demain”».", "Il a dit \"c'est non\" puis \"on verra 'demain'\".", "Il a dit «\u{202F}c’est non\u{202F}» puis «\u{202F}on verra “demain”\u{202F}».", "Il a dit “c’est non” puis “on verra ‘demain’”.", "Il a dit \"c'est non\" puis \"on verra 'demain'\"." },
  { "Un \" essai \" et « déjà » là.", "Un “ essai ” et « déjà » là.", "Un «\u{202F}essai\u{202F}» et «\u{202F}déjà\u{202F}» là.", "Un « essai » et « déjà » là.", "Un \" essai \" et « déjà » là.", "Un «\u{202F}essai\u{202F}» et «\u{202F}déjà\u{202F}» là.", "Un “ essai ” et « déjà » là.", "Un \" essai \" et « déjà » là." },
  { "Pourquoi? Parce que! Voici: la liste; fin ?", "Pourquoi? Parce que! Voici: la liste; fin ?", "Pourquoi\u{202F}? Parce que\u{202F}! Voici\u{A0}: la liste\u{202F}; fin\u{202F}?", "Pourquoi? Parce que! Voici: la liste; fin ?", "Pourquoi? Parce que! Voici: la liste; fin ?", "Pourquoi\u{202F}? Parce que\u{202F}! Voici\u{A0}: la liste\u{202F}; fin\u{202F}?", "Pourquoi? Parce que! Voici: la liste; fin ?", "Pourquoi? Parce que! Voici: la liste; fin ?" },
  { "À 10:30, voir https://ex.fr/a?b=1 et a ? b : c.", "À 10:30, voir https://ex.fr/a?b=1 et a ? b : c.", "À 10:30, voir https://ex.fr/a?b=1 et a\u{202F}? b\u{A0}: c.", "À 10:30, voir https://ex.fr/a?b=1 et a ? b : c.", "À 10:30, voir https://ex.fr/a?b=1 et a ? b : c.", "À 10:30, voir https://ex.fr/a?b=1 et a\u{202F}? b\u{A0}: c.", "À 10:30, voir https://ex.fr/a?b=1 et a ? b : c.", "À 10:30, voir https://ex.fr/a?b=1 et a ? b : c." },
  { "Quoi?! Vraiment?? Oui!!! Non...", "Quoi?! Vraiment?? Oui!!! Non...", "Quoi\u{202F}?! Vraiment\u{202F}?? Oui\u{202F}!!! Non...", "Quoi?! Vraiment?? Oui!!! Non...", "Quoi?! Vraiment?? Oui!!! Non...", "Quoi\u{202F}?! Vraiment\u{202F}?? Oui\u{202F}!!! Non...", "Quoi?! Vraiment?? Oui!!! Non...", "Quoi?! Vraiment?? Oui!!! Non..." },
  { "Quoi ?! Vraiment ? Oui ! Non : si ; bon", "Quoi ?! Vraiment ? Oui ! Non : si ; bon", "Quoi\u{202F}?! Vraiment\u{202F}? Oui\u{202F}! Non\u{A0}: si\u{202F}; bon", "Quoi ?! Vraiment ? Oui ! Non : si ; bon", "Quoi ?! Vraiment ? Oui ! Non : si ; bon", "Quoi\u{202F}?! Vraiment\u{202F}? Oui\u{202F}! Non\u{A0}: si\u{202F}; bon", "Quoi ?! Vraiment ? Oui ! Non : si ; bon", "Quoi ?! Vraiment ? Oui ! Non : si ; bon" },
  { "Quoi\u{A0}? Oui\u{202F}!", "Quoi\u{A0}? Oui\u{202F}!", "Quoi\u{202F}? Oui\u{202F}!", "Quoi\u{A0}? Oui\u{202F}!", "Quoi\u{A0}? Oui\u{202F}!", "Quoi\u{202F}? Oui\u{202F}!", "Quoi\u{A0}? Oui\u{202F}!", "Quoi\u{A0}? Oui\u{202F}!" },
  { "Quoi\t? Oui\n! fin", "Quoi\t? Oui\n! fin", "Quoi\u{202F}? Oui\n! fin", "Quoi\t? Oui\n! fin", "Quoi\t? Oui\n! fin", "Quoi\u{202F}? Oui\n! fin", "Quoi\t? Oui\n! fin", "Quoi\t? Oui\n! fin" },
  { "ratio 3:2, a:b, note:, fin:", "ratio 3:2, a:b, note:, fin:", "ratio 3:2, a:b, note\u{A0}:, fin\u{A0}:", "ratio 3:2, a:b, note:, fin:", "ratio 3:2, a:b, note:, fin:", "ratio 3:2, a:b, note\u{A0}:, fin\u{A0}:", "ratio 3:2, a:b, note:, fin:", "ratio 3:2, a:b, note:, fin:" },
  { "?start !start :start ;start", "?start !start :start ;start", "?start !start :start ;start", "?start !start :start ;start", "?start !start :start ;start", "?start !start :start ;start", "?start !start :start ;start", "?start !start :start ;start" },
  { "\"Citation\"? \"Citation\"! \"Citation\":", "“Citation”? “Citation”! “Citation”:", "«\u{202F}Citation\u{202F}»\u{202F}? «\u{202F}Citation\u{202F}»\u{202F}! «\u{202F}Citation\u{202F}»\u{A0}:", "«Citation»? «Citation»! «Citation»:", "\"Citation\"? \"Citation\"! \"Citation\":", "«\u{202F}Citation\u{202F}»\u{202F}? «\u{202F}Citation\u{202F}»\u{202F}! «\u{202F}Citation\u{202F}»\u{A0}:", "“Citation”? “Citation”! “Citation”:", "\"Citation\"? \"Citation\"! \"Citation\":" },
  { "(voir ci-dessous: ici) [note: là] fin: »", "(voir ci-dessous: ici) [note: là] fin: »", "(voir ci-dessous\u{A0}: ici) [note\u{A0}: là] fin\u{A0}:\u{202F}»", "(voir ci-dessous: ici) [note: là] fin: »", "(voir ci-dessous: ici) [note: là] fin: »", "(voir ci-dessous\u{A0}: ici) [note\u{A0}: là] fin\u{A0}:\u{202F}»", "(voir ci-dessous: ici) [note: là] fin: »", "(voir ci-dessous: ici) [note: là] fin: »" },
  { "Il dit: «Bonjour!» et «Merci?»", "Il dit: «Bonjour!» et «Merci?»", "Il dit\u{A0}: «Bonjour\u{202F}!» et «Merci\u{202F}?»", "Il dit: «Bonjour!» et «Merci?»", "Il dit: «Bonjour!» et «Merci?»", "Il dit\u{A0}: «Bonjour\u{202F}!» et «Merci\u{202F}?»", "Il dit: «Bonjour!» et «Merci?»", "Il dit: «Bonjour!» et «Merci?»" },
  { "Dijo \"ella afirmó 'sí' ayer\".", "Dijo “ella afirmó ‘sí’ ayer”.", "Dijo «\u{202F}ella afirmó “sí” ayer\u{202F}».", "Dijo «ella afirmó “sí” ayer».", "Dijo \"ella afirmó 'sí' ayer\".", "Dijo «\u{202F}ella afirmó “sí” ayer\u{202F}».", "Dijo “ella afirmó ‘sí’ ayer”.", "Dijo \"ella afirmó 'sí' ayer\"." },
  { "¿\"Qué\"? ¡\"Sí\"!", "¿“Qué”? ¡“Sí”!", "¿«\u{202F}Qué\u{202F}»\u{202F}? ¡«\u{202F}Sí\u{202F}»\u{202F}!", "¿«Qué»? ¡«Sí»!", "¿\"Qué\"? ¡\"Sí\"!", "¿«\u{202F}Qué\u{202F}»\u{202F}? ¡«\u{202F}Sí\u{202F}»\u{202F}!", "¿“Qué”? ¡“Sí”!", "¿\"Qué\"? ¡\"Sí\"!" },
  { "Er sagte \"ja\".", "Er sagte “ja”.", "Er sagte «\u{202F}ja\u{202F}».", "Er sagte «ja».", "Er sagte \"ja\".", "Er sagte «\u{202F}ja\u{202F}».", "Er sagte “ja”.", "Er sagte \"ja\"." },
  { "l'homme, aujourd'hui, qu'il, jusqu'à, presqu'île", "l’homme, aujourd’hui, qu’il, jusqu’à, presqu’île", "l’homme, aujourd’hui, qu’il, jusqu’à, presqu’île", "l’homme, aujourd’hui, qu’il, jusqu’à, presqu’île", "l'homme, aujourd'hui, qu'il, jusqu'à, presqu'île", "l’homme, aujourd’hui, qu’il, jusqu’à, presqu’île", "l’homme, aujourd’hui, qu’il, jusqu’à, presqu’île", "l'homme, aujourd'hui, qu'il, jusqu'à, presqu'île" },
  { "\"if a<b && c ]]> مرحبا 😀\" & 'x'", "“if a<b && c ]]> مرحبا 😀” & ‘x’", "«\u{202F}if a<b && c ]]> مرحبا 😀\u{202F}» & «\u{202F}x\u{202F}»", "«if a<b && c ]]> مرحبا 😀» & «x»", "\"if a<b && c ]]> مرحبا 😀\" & 'x'", "«\u{202F}if a<b && c ]]> مرحبا 😀\u{202F}» & «\u{202F}x\u{202F}»", "“if a<b && c ]]> مرحبا 😀” & ‘x’", "\"if a<b && c ]]> مرحبا 😀\" & 'x'" },
  { "\"\u{202E}abc\" said \"שלום\" \x01.", "“\u{202E}abc” said “שלום” \x01.", "«\u{202F}\u{202E}abc\u{202F}» said «\u{202F}שלום\u{202F}» \x01.", "«\u{202E}abc» said «שלום» \x01.", "\"\u{202E}abc\" said \"שלום\" \x01.", "«\u{202F}\u{202E}abc\u{202F}» said «\u{202F}שלום\u{202F}» \x01.", "“\u{202E}abc” said “שלום” \x01.", "\"\u{202E}abc\" said \"שלום\" \x01." },
  { "\"日本語\" '中文' \"한국어\"", "“日本語” ‘中文’ “한국어”", "«\u{202F}日本語\u{202F}» «\u{202F}中文\u{202F}» «\u{202F}한국어\u{202F}»", "«日本語» «中文» «한국어»", "\"日本語\" '中文' \"한국어\"", "«\u{202F}日本語\u{202F}» «\u{202F}中文\u{202F}» «\u{202F}한국어\u{202F}»", "“日本語” ‘中文’ “한국어”", "\"日本語\" '中文' \"한국어\"" },
  { "\"Ünïcödé\" 'ÉLAN' l'Été", "“Ünïcödé” ‘ÉLAN’ l’Été", "«\u{202F}Ünïcödé\u{202F}» «\u{202F}ÉLAN\u{202F}» l’Été", "«Ünïcödé» «ÉLAN» l’Été", "\"Ünïcödé\" 'ÉLAN' l'Été", "«\u{202F}Ünïcödé\u{202F}» «\u{202F}ÉLAN\u{202F}» l’Été", "“Ünïcödé” ‘ÉLAN’ l’Été", "\"Ünïcödé\" 'ÉLAN' l'Été" },
  { "tab\t\"q\"\tend", "tab\t“q”\tend", "tab\t«\u{202F}q\u{202F}»\tend", "tab\t«q»\tend", "tab\t\"q\"\tend", "tab\t«\u{202F}q\u{202F}»\tend", "tab\t“q”\tend", "tab\t\"q\"\tend" },
  { "line\n\"q\"\nend", "line\n“q”\nend", "line\n«\u{202F}q\u{202F}»\nend", "line\n«q»\nend", "line\n\"q\"\nend", "line\n«\u{202F}q\u{202F}»\nend", "line\n“q”\nend", "line\n\"q\"\nend" },
  { "\"\n\"", "“\n”", "«\u{202F}\n\u{202F}»", "«\n»", "\"\n\"", "«\u{202F}\n\u{202F}»", "“\n”", "\"\n\"" },
  { "'\n'", "’\n’", "’\n’", "’\n’", "'\n'", "’\n’", "’\n’", "'\n'" },
  { "a\"b\"c", "a”b”c", "a\u{202F}»b\u{202F}»c", "a»b»c", "a\"b\"c", "a\u{202F}»b\u{202F}»c", "a”b”c", "a\"b\"c" },
  { "a'b'c", "a’b’c", "a’b’c", "a’b’c", "a'b'c", "a’b’c", "a’b’c", "a'b'c" },
  { "1'2'3", "1’2’3", "1’2’3", "1’2’3", "1'2'3", "1’2’3", "1’2’3", "1'2'3" },
  { "x'", "x’", "x’", "x’", "x'", "x’", "x’", "x'" },
  { "'x", "‘x", "«\u{202F}x", "«x", "'x", "«\u{202F}x", "‘x", "'x" },
  { "x\"", "x”", "x\u{202F}»", "x»", "x\"", "x\u{202F}»", "x”", "x\"" },
  { "\"x", "“x", "«\u{202F}x", "«x", "\"x", "«\u{202F}x", "“x", "\"x" },
  -- Bytes that are not UTF-8 are kept (the all-Lua version dropped some,
  -- such as \xFF) and count as letters.
  { "invalid \xFF\"bytes\" \xC3'here'", "invalid \xFF”bytes” \xC3’here’", "invalid \xFF\u{202F}»bytes\u{202F}» \xC3’here’", "invalid \xFF»bytes» \xC3’here’", "invalid \xFF\"bytes\" \xC3'here'", "invalid \xFF\u{202F}»bytes\u{202F}» \xC3’here’", "invalid \xFF”bytes” \xC3’here’", "invalid \xFF\"bytes\" \xC3'here'" },
  { "truncated \xE2\x80\"", "truncated \xE2\x80”", "truncated \xE2\x80\u{202F}»", "truncated \xE2\x80»", "truncated \xE2\x80\"", "truncated \xE2\x80\u{202F}»", "truncated \xE2\x80”", "truncated \xE2\x80\"" },
  { "lone \x80 \"cont\"", "lone \x80 “cont”", "lone \x80 «\u{202F}cont\u{202F}»", "lone \x80 «cont»", "lone \x80 \"cont\"", "lone \x80 «\u{202F}cont\u{202F}»", "lone \x80 “cont”", "lone \x80 \"cont\"" },
  { "nul \x00 \"q\"", "nul \x00 “q”", "nul \x00 «\u{202F}q\u{202F}»", "nul \x00 «q»", "nul \x00 \"q\"", "nul \x00 «\u{202F}q\u{202F}»", "nul \x00 “q”", "nul \x00 \"q\"" },
  { "…\"ellipsis\"… “curly”…", "…”ellipsis”… “curly”…", "…\u{202F}»ellipsis\u{202F}»… “curly”…", "…»ellipsis»… “curly”…", "…\"ellipsis\"… “curly”…", "…\u{202F}»ellipsis\u{202F}»… “curly”…", "…”ellipsis”… “curly”…", "…\"ellipsis\"… “curly”…" },
  { "'…' \"…\"", "‘…’ “…”", "«\u{202F}…\u{202F}» «\u{202F}…\u{202F}»", "«…» «…»", "'…' \"…\"", "«\u{202F}…\u{202F}» «\u{202F}…\u{202F}»", "‘…’ “…”", "'…' \"…\"" },
  { "-- dashes -- and --- \"q\" — ‘x’ –", "-- dashes -- and --- “q” — ‘x’ –", "-- dashes -- and --- «\u{202F}q\u{202F}» — ‘x’ –", "-- dashes -- and --- «q» — ‘x’ –", "-- dashes -- and --- \"q\" — ‘x’ –", "-- dashes -- and --- «\u{202F}q\u{202F}» — ‘x’ –", "-- dashes -- and --- “q” — ‘x’ –", "-- dashes -- and --- \"q\" — ‘x’ –" },
  { "... and . . . dots \"q\"...", "... and . . . dots “q”...", "... and . . . dots «\u{202F}q\u{202F}»...", "... and . . . dots «q»...", "... and . . . dots \"q\"...", "... and . . . dots «\u{202F}q\u{202F}»...", "... and . . . dots “q”...", "... and . . . dots \"q\"..." },
  { "\"'Nested at start,' he said\"", "“‘Nested at start,’ he said”", "«\u{202F}“Nested at start,” he said\u{202F}»", "«“Nested at start,” he said»", "\"'Nested at start,' he said\"", "«\u{202F}“Nested at start,” he said\u{202F}»", "“‘Nested at start,’ he said”", "\"'Nested at start,' he said\"" },
  { "\"He said 'yes'\"", "“He said ‘yes’”", "«\u{202F}He said “yes”\u{202F}»", "«He said “yes”»", "\"He said 'yes'\"", "«\u{202F}He said “yes”\u{202F}»", "“He said ‘yes’”", "\"He said 'yes'\"" },
  { "'He said \"yes\"'", "‘He said “yes”’", "«\u{202F}He said “yes”\u{202F}»", "«He said “yes”»", "'He said \"yes\"'", "«\u{202F}He said “yes”\u{202F}»", "‘He said “yes”’", "'He said \"yes\"'" },
  { "\"a\" 'b' \"c 'd' e\" 'f \"g\" h'", "“a” ‘b’ “c ‘d’ e” ‘f “g” h’", "«\u{202F}a\u{202F}» «\u{202F}b\u{202F}» «\u{202F}c “d” e\u{202F}» «\u{202F}f “g” h\u{202F}»", "«a» «b» «c “d” e» «f “g” h»", "\"a\" 'b' \"c 'd' e\" 'f \"g\" h'", "«\u{202F}a\u{202F}» «\u{202F}b\u{202F}» «\u{202F}c “d” e\u{202F}» «\u{202F}f “g” h\u{202F}»", "“a” ‘b’ “c ‘d’ e” ‘f “g” h’", "\"a\" 'b' \"c 'd' e\" 'f \"g\" h'" },
  { "it's \"it's\" 'it's'", "it’s “it’s” ‘it’s’", "it’s «\u{202F}it’s\u{202F}» «\u{202F}it’s\u{202F}»", "it’s «it’s» «it’s»", "it's \"it's\" 'it's'", "it’s «\u{202F}it’s\u{202F}» «\u{202F}it’s\u{202F}»", "it’s “it’s” ‘it’s’", "it's \"it's\" 'it's'" },
  { "the '\"quote\"' here", "the ‘“quote”’ here", "the «\u{202F}“quote”\u{202F}» here", "the «“quote”» here", "the '\"quote\"' here", "the «\u{202F}“quote”\u{202F}» here", "the ‘“quote”’ here", "the '\"quote\"' here" },
  { "( 'a' ) [ \"b\" ] { 'c' }", "( ‘a’ ) [ “b” ] { ‘c’ }", "( «\u{202F}a\u{202F}» ) [ «\u{202F}b\u{202F}» ] { «\u{202F}c\u{202F}» }", "( «a» ) [ «b» ] { «c» }", "( 'a' ) [ \"b\" ] { 'c' }", "( «\u{202F}a\u{202F}» ) [ «\u{202F}b\u{202F}» ] { «\u{202F}c\u{202F}» }", "( ‘a’ ) [ “b” ] { ‘c’ }", "( 'a' ) [ \"b\" ] { 'c' }" },
  { "\"»\" \"«\" «\"» »\"«", "“»” “«” «“» »”«", "«\u{202F}»\u{202F}» «\u{202F}«\u{202F}» «“»\u{202F}»\u{202F}»«", "«»» ««» «“» »»«", "\"»\" \"«\" «\"» »\"«", "«\u{202F}»\u{202F}» «\u{202F}«\u{202F}» «“»\u{202F}»\u{202F}»«", "“»” “«” «“» »”«", "\"»\" \"«\" «\"» »\"«" },
  { "» « » «", "» « » «", "» «\u{202F}» «", "» « » «", "» « » «", "» «\u{202F}» «", "» « » «", "» « » «" },
  { "«a «b» c» “x ‘y’ z”", "«a «b» c» “x ‘y’ z”", "«a «b» c» “x ‘y’ z”", "«a «b» c» “x ‘y’ z”", "«a «b» c» “x ‘y’ z”", "«a «b» c» “x ‘y’ z”", "«a «b» c» “x ‘y’ z”", "«a «b» c» “x ‘y’ z”" },
  { "»closing first« and ”’ stray", "»closing first« and ”’ stray", "»closing first«\u{202F}and ”’ stray", "»closing first« and ”’ stray", "»closing first« and ”’ stray", "»closing first«\u{202F}and ”’ stray", "»closing first« and ”’ stray", "»closing first« and ”’ stray" },
  { "“unclosed", "“unclosed", "“unclosed", "“unclosed", "“unclosed", "“unclosed", "“unclosed", "“unclosed" },
  { "«unclosed ", "«unclosed ", "«unclosed ", "«unclosed ", "«unclosed ", "«unclosed ", "«unclosed ", "«unclosed " },
  { " » stray", " » stray", "\u{202F}» stray", " » stray", " » stray", "\u{202F}» stray", " » stray", " » stray" },
  { "\"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" ", "“a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” ", "«\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» ", "«a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» «a» ", "\"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" ", "«\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» «\u{202F}a\u{202F}» ", "“a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” “a” ", "\"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" \"a\" " },
  { "''''''''''''''''''''''''''''''", "‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘’", "«\u{202F}“‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘’", "«“‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘’", "''''''''''''''''''''''''''''''", "«\u{202F}“‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘’", "‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘’", "''''''''''''''''''''''''''''''" },
  { "\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"", "““““““““““““““““““““““““““““““”", "«\u{202F}“‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘’", "«“‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘’", "\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"", "«\u{202F}“‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘‘’", "““““““““““““““““““““““““““““““”", "\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"" },
  { "««««««««««»»»»»»»»»»", "««««««««««»»»»»»»»»»", "««««««««««»»»»»»»»»»", "««««««««««»»»»»»»»»»", "««««««««««»»»»»»»»»»", "««««««««««»»»»»»»»»»", "««««««««««»»»»»»»»»»", "««««««««««»»»»»»»»»»" },
}

-- Each row: a Markdown body, then the article's HTML in en, fr and es.
local BLOCK_LANGS = { "en", "fr", "es" }
local FN_MARK = '<p>Footnote<sup class="footnote-ref"><a href="#fn-1" id="fnref-1" data-footnote-ref>1</a></sup>'
local function FN_NOTE(text)
  return '<section class="footnotes" data-footnotes>\n<ol>\n<li id="fn-1">\n<p>' .. text ..
    ' <a href="#fnref-1" class="footnote-backref" data-footnote-backref aria-label="Back to reference 1">\u{21A9}</a></p>\n</li>\n</ol>\n</section>\n'
end

local BLOCKS = {
  { "He said \"it's the cities' decade\" and 'no' in the '90s.\n",
    "<p>He said “it’s the cities’ decade” and ‘no’ in the ’90s.</p>\n",
    "<p>He said «\u{202F}it’s the cities’ decade\u{202F}» and «\u{202F}no\u{202F}» in the ’90s.</p>\n",
    "<p>He said «it’s the cities’ decade» and «no» in the ’90s.</p>\n" },
  { "\"She told us 'cities lead' today,\" he said. \"A *bold* [move](https://x.org)\".\n",
    "<p>“She told us ‘cities lead’ today,” he said. “A <em>bold</em> <a href=\"https://x.org\">move</a>”.</p>\n",
    "<p>«\u{202F}She told us “cities lead” today,\u{202F}» he said. «\u{202F}A <em>bold</em> <a href=\"https://x.org\">move</a>\u{202F}».</p>\n",
    "<p>«She told us “cities lead” today,» he said. «A <em>bold</em> <a href=\"https://x.org\">move</a>».</p>\n" },
  { "Use `print(\"hi\")` or \"this\".\n\n```\nx = \"raw\" -- it's\n```\n\nVisit https://example.org/it's-here now.\n",
    "<p>Use <code>print(&quot;hi&quot;)</code> or “this”.</p>\n<pre><code>x = &quot;raw&quot; -- it&#39;s\n</code></pre>\n<p>Visit <a href=\"https://example.org/it&#39;s-here\">https://example.org/it&#39;s-here</a> now.</p>\n",
    "<p>Use <code>print(&quot;hi&quot;)</code> or «\u{202F}this\u{202F}».</p>\n<pre><code>x = &quot;raw&quot; -- it&#39;s\n</code></pre>\n<p>Visit <a href=\"https://example.org/it&#39;s-here\">https://example.org/it&#39;s-here</a> now.</p>\n",
    "<p>Use <code>print(&quot;hi&quot;)</code> or «this».</p>\n<pre><code>x = &quot;raw&quot; -- it&#39;s\n</code></pre>\n<p>Visit <a href=\"https://example.org/it&#39;s-here\">https://example.org/it&#39;s-here</a> now.</p>\n" },
  { "Already “curly” and ‘single’ and «guillemets».\n",
    "<p>Already “curly” and ‘single’ and «guillemets».</p>\n",
    "<p>Already “curly” and ‘single’ and «guillemets».</p>\n",
    "<p>Already “curly” and ‘single’ and «guillemets».</p>\n" },
  { "Il a dit \"c'est non\" puis \"on verra 'demain'\".\n",
    "<p>Il a dit “c’est non” puis “on verra ‘demain’”.</p>\n",
    "<p>Il a dit «\u{202F}c’est non\u{202F}» puis «\u{202F}on verra “demain”\u{202F}».</p>\n",
    "<p>Il a dit «c’est non» puis «on verra “demain”».</p>\n" },
  { "Un \" essai \" et « déjà » là.\n",
    "<p>Un “ essai ” et « déjà » là.</p>\n",
    "<p>Un «\u{202F}essai\u{202F}» et «\u{202F}déjà\u{202F}» là.</p>\n",
    "<p>Un « essai » et « déjà » là.</p>\n" },
  { "Pourquoi? Parce que! Voici: la liste; fin ?\n",
    "<p>Pourquoi? Parce que! Voici: la liste; fin ?</p>\n",
    "<p>Pourquoi\u{202F}? Parce que\u{202F}! Voici\u{A0}: la liste\u{202F}; fin\u{202F}?</p>\n",
    "<p>Pourquoi? Parce que! Voici: la liste; fin ?</p>\n" },
  { "À 10:30, voir https://ex.fr/a?b=1 et `a ? b : c`.\n",
    "<p>À 10:30, voir <a href=\"https://ex.fr/a?b=1\">https://ex.fr/a?b=1</a> et <code>a ? b : c</code>.</p>\n",
    "<p>À 10:30, voir <a href=\"https://ex.fr/a?b=1\">https://ex.fr/a?b=1</a> et <code>a ? b : c</code>.</p>\n",
    "<p>À 10:30, voir <a href=\"https://ex.fr/a?b=1\">https://ex.fr/a?b=1</a> et <code>a ? b : c</code>.</p>\n" },
  { "# \"Heading\" with 'quotes'?\n\nText: \"para\"!\n",
    "<h1>“Heading” with ‘quotes’?</h1>\n<p>Text: “para”!</p>\n",
    "<h1>«\u{202F}Heading\u{202F}» with «\u{202F}quotes\u{202F}»\u{202F}?</h1>\n<p>Text\u{A0}: «\u{202F}para\u{202F}»\u{202F}!</p>\n",
    "<h1>«Heading» with «quotes»?</h1>\n<p>Text: «para»!</p>\n" },
  { "| \"a\" | 'b' |\n|---|---|\n| c: d | \"e\"? |\n",
    "<table>\n<thead>\n<tr>\n<th>“a”</th>\n<th>‘b’</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>c: d</td>\n<td>“e”?</td>\n</tr>\n</tbody>\n</table>\n",
    "<table>\n<thead>\n<tr>\n<th>«\u{202F}a\u{202F}»</th>\n<th>«\u{202F}b\u{202F}»</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>c\u{A0}: d</td>\n<td>«\u{202F}e\u{202F}»\u{202F}?</td>\n</tr>\n</tbody>\n</table>\n",
    "<table>\n<thead>\n<tr>\n<th>«a»</th>\n<th>«b»</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>c: d</td>\n<td>«e»?</td>\n</tr>\n</tbody>\n</table>\n" },
  { "\"Line one\nline two\" and 'soft\nbreak'\n",
    "<p>“Line one\nline two” and ‘soft\nbreak’</p>\n",
    "<p>«\u{202F}Line one\nline two\u{202F}» and «\u{202F}soft\nbreak\u{202F}»</p>\n",
    "<p>«Line one\nline two» and «soft\nbreak»</p>\n" },
  { "\"Hard  \nbreak\" and 'x\\\nthere'\n",
    "<p>“Hard<br>\nbreak” and ‘x<br>\nthere’</p>\n",
    "<p>«\u{202F}Hard<br>\nbreak\u{202F}» and «\u{202F}x<br>\nthere\u{202F}»</p>\n",
    "<p>«Hard<br>\nbreak» and «x<br>\nthere»</p>\n" },
  { "Code `x` \"after\" and \"before\" `y` and `a`'s and `b`: fin\n",
    "<p>Code <code>x</code> “after” and “before” <code>y</code> and <code>a</code>’s and <code>b</code>: fin</p>\n",
    "<p>Code <code>x</code> «\u{202F}after\u{202F}» and «\u{202F}before\u{202F}» <code>y</code> and <code>a</code>’s and <code>b</code>\u{A0}: fin</p>\n",
    "<p>Code <code>x</code> «after» and «before» <code>y</code> and <code>a</code>’s and <code>b</code>: fin</p>\n" },
  { "<span>\"inline\"</span> 'html' <b>x</b>: y\n",
    "<p>“inline” ‘html’ x: y</p>\n",
    "<p>«\u{202F}inline\u{202F}» «\u{202F}html\u{202F}» x\u{A0}: y</p>\n",
    "<p>«inline» «html» x: y</p>\n" },
  { "\"<https://x.org>\" and '<mailto:a@b.c>' and www.example.org's site.\n",
    "<p>“<a href=\"https://x.org\">https://x.org</a>” and ‘<a href=\"mailto:a@b.c\">mailto:a@b.c</a>’ and <a href=\"http://www.example.org&#39;s\">www.example.org&#39;s</a> site.</p>\n",
    "<p>«\u{202F}<a href=\"https://x.org\">https://x.org</a>\u{202F}» and «\u{202F}<a href=\"mailto:a@b.c\">mailto:a@b.c</a>\u{202F}» and <a href=\"http://www.example.org&#39;s\">www.example.org&#39;s</a> site.</p>\n",
    "<p>«<a href=\"https://x.org\">https://x.org</a>» and «<a href=\"mailto:a@b.c\">mailto:a@b.c</a>» and <a href=\"http://www.example.org&#39;s\">www.example.org&#39;s</a> site.</p>\n" },
  { "[\"link text\"](https://x.org) and [it's](https://y.org) and [x](https://z.org)'s\n",
    "<p><a href=\"https://x.org\">“link text”</a> and <a href=\"https://y.org\">it’s</a> and <a href=\"https://z.org\">x</a>’s</p>\n",
    "<p><a href=\"https://x.org\">«\u{202F}link text\u{202F}»</a> and <a href=\"https://y.org\">it’s</a> and <a href=\"https://z.org\">x</a>’s</p>\n",
    "<p><a href=\"https://x.org\">«link text»</a> and <a href=\"https://y.org\">it’s</a> and <a href=\"https://z.org\">x</a>’s</p>\n" },
  { "> \"Quoted block,\" he said.\n>\n> — 'Ana'\n",
    "<blockquote>\n<p>“Quoted block,” he said.</p>\n<p>— ‘Ana’</p>\n</blockquote>\n",
    "<blockquote>\n<p>«\u{202F}Quoted block,\u{202F}» he said.</p>\n<p>— «\u{202F}Ana\u{202F}»</p>\n</blockquote>\n",
    "<blockquote>\n<p>«Quoted block,» he said.</p>\n<p>— «Ana»</p>\n</blockquote>\n" },
  { "- \"item\" one\n- 'item' two: yes\n",
    "<ul>\n<li>“item” one</li>\n<li>‘item’ two: yes</li>\n</ul>\n",
    "<ul>\n<li>«\u{202F}item\u{202F}» one</li>\n<li>«\u{202F}item\u{202F}» two\u{A0}: yes</li>\n</ul>\n",
    "<ul>\n<li>«item» one</li>\n<li>«item» two: yes</li>\n</ul>\n" },
  { "*\"emph\"* **'strong'** ~~\"struck\"~~\n",
    "<p><em>“emph”</em> <strong>‘strong’</strong> <del>“struck”</del></p>\n",
    "<p><em>«\u{202F}emph\u{202F}»</em> <strong>«\u{202F}strong\u{202F}»</strong> <del>«\u{202F}struck\u{202F}»</del></p>\n",
    "<p><em>«emph»</em> <strong>«strong»</strong> <del>«struck»</del></p>\n" },
  { "\"Split *across* emphasis\" and 'the *inner*' end\n",
    "<p>“Split <em>across</em> emphasis” and ‘the <em>inner</em>’ end</p>\n",
    "<p>«\u{202F}Split <em>across</em> emphasis\u{202F}» and «\u{202F}the <em>inner</em>\u{202F}» end</p>\n",
    "<p>«Split <em>across</em> emphasis» and «the <em>inner</em>» end</p>\n" },
  { "Texte « entre » et \"dans `code` ici\" fin ; ok\n",
    "<p>Texte « entre » et “dans <code>code</code> ici” fin ; ok</p>\n",
    "<p>Texte «\u{202F}entre\u{202F}» et «\u{202F}dans <code>code</code> ici\u{202F}» fin\u{202F}; ok</p>\n",
    "<p>Texte « entre » et «dans <code>code</code> ici» fin ; ok</p>\n" },
  { "Voir `code` : ici ! et `a`? là\n",
    "<p>Voir <code>code</code> : ici ! et <code>a</code>? là</p>\n",
    "<p>Voir <code>code</code>\u{A0}: ici\u{202F}! et <code>a</code>\u{202F}? là</p>\n",
    "<p>Voir <code>code</code> : ici ! et <code>a</code>? là</p>\n" },
  { "«\ncoupé\n» et \"\nici\n\"\n",
    "<p>«\ncoupé\n» et “\nici\n”</p>\n",
    "<p>«\ncoupé\n» et «\u{202F}\nici\n\u{202F}»</p>\n",
    "<p>«\ncoupé\n» et «\nici\n»</p>\n" },
  { "![\"alt\" text](https://x.org/i.png) \"after\"\n",
    "<p><img src=\"https://x.org/i.png\" alt=\"“alt” text\"> “after”</p>\n",
    "<p><img src=\"https://x.org/i.png\" alt=\"«\u{202F}alt\u{202F}» text\"> «\u{202F}after\u{202F}»</p>\n",
    "<p><img src=\"https://x.org/i.png\" alt=\"«alt» text\"> «after»</p>\n" },
  { "Nothing to do here at all.\n",
    "<p>Nothing to do here at all.</p>\n",
    "<p>Nothing to do here at all.</p>\n",
    "<p>Nothing to do here at all.</p>\n" },
  { "```\n\"only code\"\n```\n",
    "<pre><code>&quot;only code&quot;\n</code></pre>\n",
    "<pre><code>&quot;only code&quot;\n</code></pre>\n",
    "<pre><code>&quot;only code&quot;\n</code></pre>\n" },
  { "    indented \"code\" block\n",
    "<pre><code>indented &quot;code&quot; block\n</code></pre>\n",
    "<pre><code>indented &quot;code&quot; block\n</code></pre>\n",
    "<pre><code>indented &quot;code&quot; block\n</code></pre>\n" },
  -- a footnote: its mark is no text, its note is quoted like the body
  { "Footnote[^1] \"x\".\n\n[^1]: \"Note\" 'here'.\n",
    FN_MARK .. " “x”.</p>\n" .. FN_NOTE("“Note” ‘here’."),
    FN_MARK .. " «\u{202F}x\u{202F}».</p>\n" .. FN_NOTE("«\u{202F}Note\u{202F}» «\u{202F}here\u{202F}»."),
    FN_MARK .. " «x».</p>\n" .. FN_NOTE("«Note» «here».") },
}

test("smartquotes: plain strings (titles, summaries) in every language", function()
  for i, row in ipairs(STRINGS) do
    for j, lang in ipairs(LANGS) do
      eq(sq._string(row[1], lang), row[j + 1], "row " .. i .. ", lang '" .. lang .. "'")
    end
  end
end)

test("smartquotes: Markdown bodies in en, fr and es", function()
  for i, row in ipairs(BLOCKS) do
    for j, lang in ipairs(BLOCK_LANGS) do
      local a = lede.test.article("---\ntitle: Story\ndate: 2020-07-24\nlang: " .. lang ..
        "\n---\n\n" .. row[1], "content/story.md")
      sq.transform(a, lede.test.outlet("web"))
      eq(a:html(), row[j + 1], "block " .. i .. ", lang " .. lang)
    end
  end
end)

test("smartquotes: the lang and titles options", function()
  local function story(lang)
    return lede.test.article("---\ntitle: 'The \"deal\"'\ndate: 2020-07-24\nlang: " .. lang ..
      "\nsummary: \"It's 'done'\"\n---\n\nHe said \"yes\"!\n", "content/story.md")
  end
  local a = story("en")
  lede.test.plugin("smartquotes", { lang = "fr" }).transform(a)
  eq(a.title, "The «\u{202F}deal\u{202F}»")
  eq(a.summary, "It’s «\u{202F}done\u{202F}»")
  eq(a:html(), "<p>He said «\u{202F}yes\u{202F}»\u{202F}!</p>\n")
  local b = story("fr")
  lede.test.plugin("smartquotes", { titles = false }).transform(b)
  eq(b.title, 'The "deal"')
  eq(b.summary, "It's 'done'")
  eq(b:html(), "<p>He said «\u{202F}yes\u{202F}»\u{202F}!</p>\n")
end)

test("lede.text.smartquotes: strings, the same string when nothing changes", function()
  eq(lede.text.smartquotes([[He said "it's 'fine'".]]), "He said “it’s ‘fine’”.")
  eq(lede.text.smartquotes([["oui"?]], { lang = "fr" }), "«\u{202F}oui\u{202F}»\u{202F}?")
  eq(lede.text.smartquotes([["sí"]], { lang = "es-MX" }), "«sí»")
  eq(lede.text.smartquotes([["ja"]], { lang = "nl" }), [["ja"]])
  eq(lede.text.smartquotes(""), "")
  eq(lede.text.smartquotes("Nothing: here!"), "Nothing: here!")
  eq(lede.text.smartquotes("Nothing: here!", {}), "Nothing: here!")
end)

test("lede.text.smartquotes: a list of pieces read as one text", function()
  local code, br = { "x" }, { "\n" }
  local out = lede.text.smartquotes({ 'Use "', code, ' now," he', br, "said: 'go'", "" }, { lang = "fr" })
  eq(out, { "Use «\u{202F}", code, " now,\u{202F}» he", br, "said\u{A0}: «\u{202F}go\u{202F}»", "" })
  ok(out[2] == code and out[4] == br, "context pieces are given back as they are")
  eq(lede.text.smartquotes({}), {})
  -- a context piece is never rewritten
  eq(lede.text.smartquotes({ { '"x"' }, " it's" }), { { '"x"' }, " it’s" })
end)

test("lede.text.smartquotes: bad arguments", function()
  raises(function() lede.text.smartquotes(nil) end, "bad argument #1")
  raises(function() lede.text.smartquotes("x", "fr") end, "bad argument #2")
  raises(function() lede.text.smartquotes("x", { lang = 1 }) end, "opts.lang must be a string, got number")
  raises(function() lede.text.smartquotes({ "a", 2 }) end, "item 2 of the list must be a string or {string}, got number")
  raises(function() lede.text.smartquotes({ {} }) end, "item 1 of the list must be a string or {string}, got nil")
end)

test("German, Russian, Polish and Italian quotation marks, by nesting", function()
  eq(lede.text.smartquotes([[Er sagte "Hallo 'Welt' heute" und ging; Peter's Hut, die '90er.]], { lang = "de" }),
    "Er sagte „Hallo ‚Welt‘ heute“ und ging; Peter’s Hut, die ’90er.")
  eq(lede.text.smartquotes([[Он сказал: "Привет, 'мир'". Всё.]], { lang = "ru" }),
    "Он сказал: «Привет, „мир“». Всё.")
  eq(lede.text.smartquotes([[Сказав "так".]], { lang = "uk" }), "Сказав «так».")
  eq(lede.text.smartquotes([[Powiedział "dzień 'dobry' wam".]], { lang = "pl" }),
    "Powiedział „dzień «dobry» wam”.")
  eq(lede.text.smartquotes([[Disse "ciao 'mondo'" oggi.]], { lang = "it" }), "Disse «ciao “mondo”» oggi.")
  -- marks already typed count for nesting: German's „ closes with “
  eq(lede.text.smartquotes([[Schon „getippt "innen" hier“ und "neu".]], { lang = "de-AT" }),
    "Schon „getippt ‚innen‘ hier“ und „neu“.")
  local a = lede.test.article("---\ntitle: Der \"Plan\"\ndate: 2021-01-01\nlang: de\n---\nSie sagte \"ja\".\n")
  sq.transform(a, lede.test.outlet("web"))
  eq(a.title, "Der „Plan“")
  eq(a:html(), "<p>Sie sagte „ja“.</p>\n")
end)
