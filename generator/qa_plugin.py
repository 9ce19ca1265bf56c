"""The Q&A plugin's former home, kept so `from generator.qa_plugin import ...` still works.

The plugin is now the package `generator.qa`, one module per rule (headings, grouping,
cross-references, footnotes, annotations, source notes); this module only re-exports the
package's public names. The star import follows `generator.qa.__all__`, so the names are
listed once, there.
"""

from generator.qa import *  # noqa: F403
from generator.qa import __all__  # noqa: F401
