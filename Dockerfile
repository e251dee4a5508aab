# Production image: gunicorn serving Django; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
# Exactly the versions and hashes of uv.lock (without the dev extra), never re-resolved: uv, at
# the version the lock pins, writes them out for pip, and leaves the image.
RUN pip install --upgrade pip \
    && pip install "uv==$(sed -n '/^name = "uv"$/{n;s/^version = "\(.*\)"$/\1/p;}' uv.lock)" \
    && uv export --locked --format requirements-txt --no-emit-project -q -o /tmp/requirements.txt \
    && pip install --no-deps --require-hashes -r /tmp/requirements.txt \
    && pip uninstall -y uv && rm /tmp/requirements.txt
COPY . .
# Static files and catalogs are built into the image; DEBUG off needs a key, a PostgreSQL URL and
# a Redis cache: throwaway ones here, never connected to by collectstatic.
RUN DJANGO_DEBUG=true python manage.py compilemessages --ignore=.venv -v0 \
    && DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-only-build-only-build-only-build-only-build-only \
       DJANGO_ALLOWED_HOSTS=build DATABASE_URL=postgres://build@localhost/build \
       CACHE_URL=redis://localhost:6379/0 python manage.py collectstatic --noinput -v0
RUN useradd --create-home lap && mkdir -p /app/media && chown lap /app/media
USER lap
EXPOSE 8000
# gunicorn.conf.py: GUNICORN_WORKERS, GUNICORN_TIMEOUT, GUNICORN_BIND.
CMD ["gunicorn", "lap.wsgi:application", "--config", "gunicorn.conf.py"]
