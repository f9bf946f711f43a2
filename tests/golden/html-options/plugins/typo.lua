-- Counts the words of the body as HTML, with a misspelt option.
return {
  transform = function(a)
    local html = a:html { note = "Notes", headings = 2 }
    a.meta.html_bytes = #html
    return a
  end,
}
