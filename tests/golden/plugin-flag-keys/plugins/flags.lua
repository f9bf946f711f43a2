return { parallel = "yes", withheld = 1, media_type = "plain", article = function(a) end }
