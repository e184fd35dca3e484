"""The message catalogue a translator edits: ``zh-Hans.toml``, ``en.toml`` and ``zh-Hant.toml``.

Data only. Both the handlers and the application (notices, delivery, the command line) speak
through it, so it sits beside them rather than inside either; ``bot.catalogue`` reads and checks
the files and ``bot.i18n`` fills them in.
"""
