"""The Q&A plugin's rules, one module each (moving here from generator/qa_plugin.py)."""
