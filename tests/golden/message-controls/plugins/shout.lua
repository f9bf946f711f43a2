-- Says the article's title in a warning, wrapped in escape sequences that
-- would set the terminal's title and colour (and lede's own framing bytes).
return {
  article = function(a)
    lede.log.warn("\27]0;pwned\7 \27[31m" .. a.title .. "\27[0m \1key\2text\3end \194\155")
  end,
}
