"""Rich renderers: pure functions that build Rich renderables and never print.

Only ``policytl.cli`` prints. Text from data always enters a renderable as a
``rich.text.Text`` made safe with ``policytl.textsafe``, never as markup.
"""
