-- setup(site, opts): every instance has its own options and state.
local greeting
return {
  setup = function(site, opts)
    greeting = opts.greeting
  end,
  transform = function(a)
    a.title = greeting .. a.title
  end,
}
