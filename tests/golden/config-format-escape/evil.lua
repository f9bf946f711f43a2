-- Outside plugins/: must never load as a format.
return { render = function() return "loaded from outside plugins/formats/" end }
