"""``policytl import``: spreadsheets and exports read into a timeline file.

One module per format reads a file into a :class:`~policytl.curate.importing.table.Table`
of cells (``delimited``: CSV and TSV; ``xlsx``: Excel workbooks) or, for policytl's
own JSON export, straight into records (``jsonfile``); ``columns`` maps the headers
onto policytl's fields, ``dates`` reads the dates people write, ``rows`` makes events
and registry entries of the rows, and ``emit`` writes a new file in canonical form.
:mod:`policytl.curate.importer` puts them together. Pure: nothing here prints.
"""
