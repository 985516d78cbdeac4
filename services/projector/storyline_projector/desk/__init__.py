"""The story desk: server-rendered pages for people, over the query API's own queries.

``/desk`` lists stories with the JSON API's filters, ``/desk/stories/{id}`` shows one story
(its state, a timeline drawn as SVG, the allegation graph, figures and articles; ``?run=RUN``
shows it under a re-extraction run), and ``/ops`` is the operator's view of the pipeline. Pages
are Jinja2 templates with autoescaping and no script: every value from outside (titles, outlets,
errors) is escaped.

Like the rest of the query API the desk only reads, with one guarded exception: the operator's
replay of the projector's dead letters (``operator_replay``), a POST that needs the operator key.
"""
