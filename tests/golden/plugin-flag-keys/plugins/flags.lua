return { parallel = "yes", withheld = 1, article = function(a) end }
