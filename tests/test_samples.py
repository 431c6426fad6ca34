"""utils.samples: the generated stand-ins for IMDB and MNIST are deterministic and learnable."""

import numpy as np

from utils import samples


def test_the_generated_samples_are_deterministic_and_learnable():
    first, second = samples.make_imdb_sample(), samples.make_imdb_sample()
    assert [list(r) for r in first["x_train"][:50]] == [list(r) for r in second["x_train"][:50]]
    # A bag-of-words least-squares classifier separates the sample's labels.
    vocabulary = len(first["word_index"]) + 1

    def bags(x):
        out = np.zeros((len(x), vocabulary))
        for i, review in enumerate(x):
            np.add.at(out[i], review, 1)
        return out

    weights, *_ = np.linalg.lstsq(bags(first["x_train"]), first["y_train"] - 0.5, rcond=None)
    accuracy = ((bags(first["x_test"]) @ weights > 0) == first["y_test"]).mean()
    assert accuracy > 0.8
    digits = samples.make_mnist_sample()
    centroids = np.stack([digits["x_train"][digits["y_train"] == d].mean(0).ravel() for d in range(10)])
    distances = ((digits["x_test"].reshape(-1, 1, 784) - centroids[None]) ** 2).sum(-1)
    assert (distances.argmin(1) == digits["y_test"]).mean() > 0.6
