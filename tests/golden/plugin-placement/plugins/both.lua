-- Listed at the top level too would make its article hook fine; here it
-- is listed only under the outlet: an error as well.
return { article = function(a) end, transform = function(a) end }
