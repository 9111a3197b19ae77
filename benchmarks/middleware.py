"""``X-Query-Count``: the SQL statements a request took, for ``benchmark_site`` only.

Added in front of every other middleware by the settings that
``benchmark_site`` writes for its servers, so that a page served from the
public cache counts what the cache itself costs. No other settings use it.
"""

from contextlib import ExitStack

from django.db import connections


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            # Every alias's wrapper (made if need be; it connects on its first query).
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(counted))
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response
