"""Training script: a .py file is checked like a notebook cell."""
import os
import pickle

import torch

WANDB_API_KEY = "ad912bbf5c4a965e648cb64eee382e9f9732773c"  # pasted from the W&B settings page
DATABASE_URL = "mysql://trainer:5dixNYjqaLo5%2F@10.0.0.12/experiments"


def load_features(path):
    with open(path, "rb") as handle:
        return pickle.load(handle)


def load_checkpoint(path):
    return torch.load(path, map_location="cpu")


def safe_checkpoint(path):
    return torch.load(path, map_location="cpu", weights_only=True)


token = os.environ.get("HF_TOKEN")  # the right way: read secrets from the environment
