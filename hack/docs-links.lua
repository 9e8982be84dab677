-- pandoc filter for the docs site (hack/docs_rst.py): a link to another page (foo.md#part)
-- becomes a link to its HTML page (foo.html#part); a link to any other file of the repository
-- (awx/schedules.yml, ../requirements.yml) has no page on the site and keeps only its text.
function Link(el)
  local target = el.target
  if target:match("^%a[%w+.-]*:") or target:match("^#") then
    return el
  end
  local page, anchor = target:match("^([%w_-]+)%.md(#?.*)$")
  if page then
    el.target = page .. ".html" .. anchor
    return el
  end
  return el.content
end
