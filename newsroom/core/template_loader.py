"""Django's cached template loader, remembering where each compiled template's blocks are.

A page that extends ``base.html`` makes Django walk ``base.html``'s whole node tree on every
render to find its ``{% block %}`` nodes (``ExtendsNode.render``): about 75 µs a page, with the
same answer every time, as a template the cached loader compiled never changes. The answer is
kept on the template's node list; a template reloaded in development is a new node list.
"""

from django.template.loaders import cached


class Loader(cached.Loader):
    def get_template(self, template_name, skip=None):
        template = super().get_template(template_name, skip)
        nodelist = template.nodelist
        if "get_nodes_by_type" not in vars(nodelist):
            nodelist.get_nodes_by_type = _remembered(nodelist.get_nodes_by_type)
        return template


def _remembered(get_nodes_by_type):
    found = {}

    def remembered(nodetype):
        if nodetype not in found:
            found[nodetype] = get_nodes_by_type(nodetype)
        return list(found[nodetype])  # a copy: callers may change what they are given

    return remembered
