return {
  nodes = {
    Link = function(link)
      link.atributes.rel = "nofollow"
    end,
  },
}
