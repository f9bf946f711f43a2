-- Counts the words of the body as HTML, with a misspelt option.
return {
  transform = function(a)
    local html = a:html { note = "Notes", headings = 2 }
    a.meta.html_bytes = #html
    a.meta.text_bytes = #a:text { widht = 60 }
    return a
  end,
}
