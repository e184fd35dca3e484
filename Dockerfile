# A small image: slim Python, dependencies from the project's own metadata, non-root user,
# the database on a volume, the bundled knowledge base inside the image.
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DELEGATE_BOT_DB=/data/delegate-bot.sqlite3

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
COPY handlers ./handlers
COPY locales ./locales
RUN pip install . \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin delegate \
    && mkdir -p /data && chown delegate /data

USER delegate
VOLUME ["/data"]
EXPOSE 8443 9464
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 \
    CMD ["delegate-bot", "health"]
ENTRYPOINT ["delegate-bot"]
CMD ["run"]
