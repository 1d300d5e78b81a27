"""{% datapart "name" arg … %}…{% enddatapart %}: a part of a page rendered once per data version
(an office's, when an argument is an office's scope: what its network and its own rows hold).

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
        arguments, scope = [], None
        for argument in (argument.resolve(context) for argument in self.arguments):
            if hasattr(argument, "office_id") and hasattr(argument, "network"):  # an office's scope
                scope = argument
                argument = f"o{argument.office_id}"
            arguments.append(argument)

        def render_shared() -> str:
            with context.push(csrf_token=PLACEHOLDER):
                return str(self.nodelist.render(context))

        html = cached("part", tuple(arguments), render_shared, immutable=True, scope=scope)
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
