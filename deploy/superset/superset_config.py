"""Superset's settings in docker-compose.yml: metadata in SQLite on the superset-home volume, the secret key
from the environment (SUPERSET_SECRET_KEY in .env)."""
import os

SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]
SQLALCHEMY_DATABASE_URI = "sqlite:////app/superset_home/superset.db"
FEATURE_FLAGS = {"DASHBOARD_VIRTUALIZATION": False}
