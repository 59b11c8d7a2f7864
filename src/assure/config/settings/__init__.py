"""Settings are chosen by ASSURE_ENV: local (default), demo, production or test.

`assure.config.settings` itself picks the module so that `manage.py`, the
`assure` command and wsgi all agree without each knowing the rule.
"""
