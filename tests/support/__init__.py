"""What tests and benchmarks share: the fake Telegram Bot API and the helpers around the bot."""
