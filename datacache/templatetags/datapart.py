"""{% datapart "name" arg … %}…{% enddatapart %}: a part of a page rendered once per data version.

The part must show only data (no user's name, no messages): it is shared by everyone who asks for
the same name and arguments. Forms inside it keep working: the part is rendered with a placeholder
for the CSRF token, which each request's own token replaces on the way out."""

from django import template
from django.utils.safestring import mark_safe

from ..cache import active, cached

register = template.Library()
PLACEHOLDER = "datapart-csrf-token-placeholder"


class DataPartNode(template.Node):
    def __init__(self, nodelist, arguments):
        self.nodelist = nodelist
        self.arguments = arguments

    def render(self, context):
        if not active():
            return self.nodelist.render(context)
        arguments = tuple(argument.resolve(context) for argument in self.arguments)

        def render_shared() -> str:
            with context.push(csrf_token=PLACEHOLDER):
                return str(self.nodelist.render(context))

        html = cached("part", arguments, render_shared, immutable=True)
        if PLACEHOLDER in html:
            html = html.replace(PLACEHOLDER, str(context.get("csrf_token", "")))
        return mark_safe(html)


@register.tag
def datapart(parser, token):
    arguments = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    if not arguments:
        raise template.TemplateSyntaxError("datapart needs a name")
    nodelist = parser.parse(("enddatapart",))
    parser.delete_first_token()
    return DataPartNode(nodelist, arguments)
