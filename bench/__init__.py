"""The benchmark (``make bench``, docs/performance.md) and its dev-only Django app.

``bench/run.py`` drives a run; with ``BENCH=1`` in the environment the settings install
this package as the app ``bench``: the data generator (``manage.py generate_bench_data``)
and the empty baseline view ``/bench/leer/``. Production never installs it, and the
portal's packages never import it.
"""
