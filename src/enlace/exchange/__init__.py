"""Exchange: the ways data enters and leaves the catalogue and the network.

Readers for each format (the shipped authoring format in :mod:`.authoring`, HSDS 3.0 JSON
and CSV in :mod:`.hsds`) check their input and report every problem by file, record and
field; writers turn stored records into HSDS 3.0. This layer sits above ``catalogue`` and
``network`` and is the only one that knows both the formats and the models. See
docs/exchange.md.
"""
