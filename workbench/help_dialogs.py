"""The Help menu: the primer's glossary (Help › Concepts) and the About text."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from workbench.identity import APPLICATION_DISPLAY_NAME
from workbench.panels.training_panel import backend_description

#: The primer's glossary, in English (translated where shown), for Help › Concepts.
APPLICATION_NAME = QT_TRANSLATE_NOOP("About", "Neural Network Workbench")
TITLE = QT_TRANSLATE_NOOP("Concepts", "Concepts of neural networks")
INTRODUCTION = QT_TRANSLATE_NOOP(
    "Concepts", "The ideas this workbench lets you try, in the words of the primer it follows.")
CONCEPTS = (
    (QT_TRANSLATE_NOOP("Concepts", "Neuron"),
     QT_TRANSLATE_NOOP(
         "Concepts",
         "Also called a node: the basic unit of a neural network. Each neuron receives inputs,"
         " forms their weighted sum, passes it through an activation function and sends the "
         "result on as its output.")),
    (QT_TRANSLATE_NOOP("Concepts", "Weight and bias"),
     QT_TRANSLATE_NOOP(
         "Concepts",
         "Neurons pass information along connections. Each connection has a weight w, the "
         "strength of the connection: it decides how much an input signal influences the "
         "output. Each neuron adds a bias b to its weighted sum: z = w·x + b.")),
    (QT_TRANSLATE_NOOP("Concepts", "Layer"),
     QT_TRANSLATE_NOOP(
         "Concepts",
         "Neurons are organized in layers. The input layer receives the data; hidden layers, "
         "between input and output, process and transform it (the “depth” of deep learning is "
         "their number); the output layer produces the result. In a fully connected network "
         "every neuron of layer N is connected to all neurons of layer N−1, neurons in the "
         "same layer are not connected, and the outputs of layer N−1 are the inputs of layer "
         "N.")),
    (QT_TRANSLATE_NOOP("Concepts", "Activation"),
     QT_TRANSLATE_NOOP(
         "Concepts",
         "The weighted sum is always linear. An activation function transforms each layer's "
         "output and brings non-linearity into the network, so that it can fit curves and "
         "express complex patterns. ReLU is the first choice for hidden layers (try Leaky ReLU"
         " if it works badly, and watch for dead ReLUs); sigmoid for the output of a two-class"
         " problem; softmax for the output of a multi-class problem (the outputs become "
         "probabilities that sum to 1).")),
    (QT_TRANSLATE_NOOP("Concepts", "Loss"),
     QT_TRANSLATE_NOOP(
         "Concepts",
         "A function that measures the quality of the model's parameters by comparing the "
         "network's output with the true output: it tells how big a mistake the model made. "
         "Training minimizes the loss; it also evaluates the model on held-out data. Mean "
         "squared error (MSE) is the usual loss for regression, cross-entropy for "
         "classification (after a softmax).")),
    (QT_TRANSLATE_NOOP("Concepts", "Gradient descent"),
     QT_TRANSLATE_NOOP(
         "Concepts",
         "An optimization algorithm that searches for the minimum of the loss. Imagine "
         "standing on a mountain and wanting to reach the valley: find the steepest way down, "
         "take a step along it, and repeat until the lowest point. The gradient points where "
         "the loss grows fastest, so each iteration moves the parameters a small step the "
         "other way: θ_new = θ_old − α·∇J(θ).")),
    (QT_TRANSLATE_NOOP("Concepts", "Batch, stochastic, mini-batch"),
     QT_TRANSLATE_NOOP(
         "Concepts",
         "Kinds of gradient descent by how many samples each iteration uses. Batch gradient "
         "descent (BGD) uses all training samples: stable, but heavy and slow on large data. "
         "Stochastic gradient descent (SGD) uses one randomly chosen sample: fast and may "
         "escape local minima, but the training fluctuates. Mini-batch gradient descent (MBGD)"
         " uses a small random subset, a mini-batch: it combines the stability of the first "
         "with the speed of the second, at the price of choosing the mini-batch size.")),
    (QT_TRANSLATE_NOOP("Concepts", "Iteration"),
     QT_TRANSLATE_NOOP(
         "Concepts",
         "One forward and back propagation on one batch: with batch size 128, one iteration "
         "processes 128 samples and updates the weights once.")),
    (QT_TRANSLATE_NOOP("Concepts", "Epoch"),
     QT_TRANSLATE_NOOP(
         "Concepts",
         "One full round of training: all of the training data (say 100,000 images) has passed"
         " through the network once.")),
    (QT_TRANSLATE_NOOP("Concepts", "Forward propagation"),
     QT_TRANSLATE_NOOP(
         "Concepts",
         "The input data is passed through the network layer by layer, computing the output of"
         " every neuron, until the final output is produced.")),
    (QT_TRANSLATE_NOOP("Concepts", "Back propagation"),
     QT_TRANSLATE_NOOP(
         "Concepts",
         "The optimization of the parameters: from the gradient of the loss, the weights are "
         "adjusted starting at the deepest layer and moving back to the shallowest. The chain "
         "rule computes all the gradients efficiently.")),
    (QT_TRANSLATE_NOOP("Concepts", "Learning rate"),
     QT_TRANSLATE_NOOP(
         "Concepts",
         "The learning rate α controls the size of each step of gradient descent. Too large, "
         "and the algorithm oscillates around the minimum and does not converge; too small, "
         "and it converges slowly. Choose it by experiment, or let it decay as training "
         "proceeds (a learning-rate schedule).")),
    (QT_TRANSLATE_NOOP("Concepts", "Optimizer"),
     QT_TRANSLATE_NOOP(
         "Concepts",
         "Uses the computed gradients to update the network's weights so that the loss "
         "decreases: plain gradient descent, momentum (accelerates and damps oscillation), or "
         "Adam (combines momentum and RMSprop, and is less sensitive to the choice of learning"
         " rate).")),
)


def concepts_html() -> str:
    """The glossary as HTML for the Concepts dialog."""
    def translated(text):
        return QCoreApplication.translate("Concepts", text)
    items = "".join(f"<dt><b>{translated(term)}</b></dt>"
                    f"<dd style='margin-bottom:8px'>{translated(text)}</dd>"
                    for term, text in CONCEPTS)
    return (f"<h3>{translated(TITLE)}</h3>"
            f"<p>{translated(INTRODUCTION)}</p><dl>" + items + "</dl>")


class ConceptsDialog(QDialog):
    """Help › Concepts: the glossary of the primer."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Concepts"))
        self.resize(620, 640)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setHtml(concepts_html())
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def about_html() -> str:
    """Help › About: the version installed and the engine it runs on."""
    from importlib import metadata
    try:
        version = metadata.version("nn-workbench")
    except metadata.PackageNotFoundError:
        version = QCoreApplication.translate("About", "development version")
    about = QCoreApplication.translate(
        "About", "Design, train and inspect fully connected neural networks, on an engine of "
        "its own (NumPy on the CPU, CuPy on an NVIDIA GPU).")
    engine = QCoreApplication.translate("About", "Engine: {}").format(backend_description("auto"))
    return (f"<h3>{QCoreApplication.translate('About', APPLICATION_DISPLAY_NAME)}</h3>"
            f"<p>{version}</p><p>{about}</p><p>{engine}</p>")
