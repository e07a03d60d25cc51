"""Queries of a fixed shape compiled to SQL once, then run with new values.

Serving a page reads it with one query whose shape never changes (a statement with its
locale, listing image and document, by path). Django compiles a query's SQL anew every time,
and for a page model (its table joined to Wagtail's, three related rows) that compilation
took ten times as long as the database took to answer. A ``PreparedQuery`` compiles the
queryset once per thread (each thread has its own connection, which the compiler keeps) and
then only swaps the values in: the SQL, the row converters and the way rows become model
instances are Django's own, so the instances are those the queryset would have returned.
"""

import threading

from django.db import connections
from django.db.models.query import get_related_populators


class PreparedQuery:
    """``build(*markers)`` returns the queryset, filtering on the markers where the values go;
    ``first(*values)`` runs it with the values and returns its first instance, or None."""

    def __init__(self, build, arity):
        # Stand-ins for the values, found again among the compiled query's parameters.
        self.markers = [f"\x00prepared-value-{number}\x00" for number in range(arity)]
        self.build = build
        self._local = threading.local()

    def first(self, *values):
        compiled = self._compiled()
        params = list(compiled.params)
        for slot, value in zip(compiled.slots, values, strict=True):
            params[slot] = value
        connection = connections[compiled.alias]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchmany(1)
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        for row in rows:
            return compiled.instance(row)
        return None

    def _compiled(self):
        compiled = getattr(self._local, "compiled", None)
        if compiled is None:
            compiled = self._local.compiled = _Compiled(self.build(*self.markers)[:1], self.markers)
        return compiled


class _Compiled:
    def __init__(self, queryset, markers):
        self.alias = queryset.db
        self.compiler = queryset.query.get_compiler(using=self.alias)
        self.sql, params = self.compiler.as_sql()
        self.params = tuple(params)
        # Each marker must stand for exactly one parameter, or a value would go astray.
        self.slots = []
        for marker in markers:
            found = [i for i, param in enumerate(self.params) if param == marker]
            if len(found) != 1:
                raise ValueError(f"a prepared query's value must appear once in its SQL: {found}")
            self.slots.append(found[0])
        # As Django's results_iter converts the values, with the converters found once (it
        # asks every column's field for them on each call); no composite keys here.
        columns = [column[0] for column in self.compiler.select[: self.compiler.col_count]]
        if self.compiler.has_composite_fields(columns):
            raise ValueError("a prepared query cannot read a composite primary key")
        self.converters = self.compiler.get_converters(columns)
        # As Django's ModelIterable turns a row into the model and its select_related rows.
        klass_info, select = self.compiler.klass_info, self.compiler.select
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, self.alias)
        self.annotations = tuple(self.compiler.annotation_col_map.items())

    def instance(self, row):
        obj = self.model.from_db(self.alias, self.init_list, row[self.start : self.end])
        for populator in self.populators:
            populator.populate(row, obj)
        for name, column in self.annotations:
            setattr(obj, name, row[column])
        return obj
