<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>About</name>
    <message>
        <source>Neural Network Workbench</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>development version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Design, train and inspect fully connected neural networks, on an engine of its own (NumPy on the CPU, CuPy on an NVIDIA GPU).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine: {}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ActivationPreview</name>
    <message>
        <source>Select an activation in the network, or point at one in the palette, to plot f(x) and its slope f′(x).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{} — f(x) and slope f′(x)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AnalysisPanel</name>
    <message>
        <source>{} trainable parameter(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✗ {} error(s) to fix before training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{} warning(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No problems found. Hover a layer in the palette for its help; press Train when the data are ready.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ColumnTable</name>
    <message>
        <source>number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ignore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number: one input, a missing cell filled with the training median</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>categories: one input per value seen in training (one-hot)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not an input (an ID, a constant or free text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the column to predict (choose it above)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first {0} of {1} columns; set the others in the experiment file (data.columns).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>detected: {0} ({1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chosen by you; </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{} value(s)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Concepts</name>
    <message>
        <source>Concepts of neural networks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ideas this workbench lets you try, in the words of the primer it follows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neuron</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also called a node: the basic unit of a neural network. Each neuron receives inputs, forms their weighted sum, passes it through an activation function and sends the result on as its output.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight and bias</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neurons pass information along connections. Each connection has a weight w, the strength of the connection: it decides how much an input signal influences the output. Each neuron adds a bias b to its weighted sum: z = w·x + b.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neurons are organized in layers. The input layer receives the data; hidden layers, between input and output, process and transform it (the “depth” of deep learning is their number); the output layer produces the result. In a fully connected network every neuron of layer N is connected to all neurons of layer N−1, neurons in the same layer are not connected, and the outputs of layer N−1 are the inputs of layer N.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The weighted sum is always linear. An activation function transforms each layer&apos;s output and brings non-linearity into the network, so that it can fit curves and express complex patterns. ReLU is the first choice for hidden layers (try Leaky ReLU if it works badly, and watch for dead ReLUs); sigmoid for the output of a two-class problem; softmax for the output of a multi-class problem (the outputs become probabilities that sum to 1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A function that measures the quality of the model&apos;s parameters by comparing the network&apos;s output with the true output: it tells how big a mistake the model made. Training minimizes the loss; it also evaluates the model on held-out data. Mean squared error (MSE) is the usual loss for regression, cross-entropy for classification (after a softmax).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient descent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An optimization algorithm that searches for the minimum of the loss. Imagine standing on a mountain and wanting to reach the valley: find the steepest way down, take a step along it, and repeat until the lowest point. The gradient points where the loss grows fastest, so each iteration moves the parameters a small step the other way: θ_new = θ_old − α·∇J(θ).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch, stochastic, mini-batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kinds of gradient descent by how many samples each iteration uses. Batch gradient descent (BGD) uses all training samples: stable, but heavy and slow on large data. Stochastic gradient descent (SGD) uses one randomly chosen sample: fast and may escape local minima, but the training fluctuates. Mini-batch gradient descent (MBGD) uses a small random subset, a mini-batch: it combines the stability of the first with the speed of the second, at the price of choosing the mini-batch size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Iteration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One forward and back propagation on one batch: with batch size 128, one iteration processes 128 samples and updates the weights once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One full round of training: all of the training data (say 100,000 images) has passed through the network once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward propagation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The input data is passed through the network layer by layer, computing the output of every neuron, until the final output is produced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back propagation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The optimization of the parameters: from the gradient of the loss, the weights are adjusted starting at the deepest layer and moving back to the shallowest. The chain rule computes all the gradients efficiently.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The learning rate α controls the size of each step of gradient descent. Too large, and the algorithm oscillates around the minimum and does not converge; too small, and it converges slowly. Choose it by experiment, or let it decay as training proceeds (a learning-rate schedule).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uses the computed gradients to update the network&apos;s weights so that the loss decreases: plain gradient descent, momentum (accelerates and damps oscillation), or Adam (combines momentum and RMSprop, and is less sensitive to the choice of learning rate).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConceptsDialog</name>
    <message>
        <source>Concepts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfusionSamplesDialog</name>
    <message>
        <source>Samples of a confusion cell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (the first {0} shown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>True class {0}, predicted {1}, after epoch {2}: {3} validation sample(s){4}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation sample numbers: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CurvesPlot</name>
    <message>
        <source>Select runs in the table to compare their curves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>what the plot shows for each selected run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{shown} of {runs} runs have {metric}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{metric} of {runs} run(s), by epoch.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DataLoadingFlow</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stop reading; the data shown before stays in place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read the experiment&apos;s data file again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading {}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading cancelled: the data is unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the data was cancelled; press Load again to read it, or choose other data.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DataSplitControls</name>
    <message>
        <source>Validation fraction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standardize inputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation split and scaling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share of the rows the network trains on; the rest is held out for validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>train {} : {} validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>train on {} % of the rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set data {}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DatasetPanel</name>
    <message>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each column&apos;s role: numbers, categories (one input per value) or ignored. Change one with a click.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the input on the horizontal axis (or the summary table)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the input on the vertical axis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>against</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No data to preview: fix the source above, or choose another.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no data loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>summary table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set column {} to {}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DatasetSummary</name>
    <message>
        <source>classification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>regression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{} samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> ({} training, {} validation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{} feature(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{} classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>regression with {} targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{}×{} images</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExperimentFileActions</name>
    <message>
        <source>New experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replace characters that cannot be saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>({}: characters that are not valid Unicode were replaced by �)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{}: cannot be written ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{}: the experiment cannot be written as JSON ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no recent files)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{}: the file no longer exists; it is removed from the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no examples installed)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FeatureMapPanel</name>
    <message>
        <source>Which validation image to run through the network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which convolution&apos;s output to show</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FindingRow</name>
    <message>
        <source>Error:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One click: {} (undo with Ctrl+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>show layer {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select this layer in the network</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GradientCheckDialog</name>
    <message>
        <source>Gradient check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>parameter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>relative error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back propagation is compared with central differences (f(θ+ε) − f(θ−ε)) / 2ε in float64 on a small batch of training data. Relative errors below 1e-6 mean the gradients are right; ReLU kinks can raise single entries.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HealthBanner</name>
    <message>
        <source>Clear these alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(+{} more: hover to read all)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImagePreview</name>
    <message>
        <source>sample images: one row per class</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LayerPalette</name>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regularization</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LayerProperties</name>
    <message>
        <source>Change this layer to another type of the same group, keeping its place in the network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No layer selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a layer card in the network to edit its settings here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer {} · {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{} has no settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set {} {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>change layer {} to {}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelActions</name>
    <message>
        <source>Train the network first (or open a model file): there are no trained weights yet. Press Train on the Train tab and let at least one epoch finish, or use File › Open Model… to load weights saved earlier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weights from the model file {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the latest weights of run “{}” (after epoch {})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{}: the stored experiment cannot be used: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened the model {} ({} weights): Predict on CSV…, Export Weights…, or Train to continue from these weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot export the weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>notebook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch script</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: Export Weights writes the weights (.npz, .safetensors, .onnx or a NumPy .py script); the training as a {1} comes from the command line: nn-workbench export EXPERIMENT.json --format {2} -o {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{}: cannot be written ({}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported the weights to {} and {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported the weights to {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot predict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a model file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the trained weights</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NetworkDesigner</name>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data flows top to bottom. Drop layers between the cards; drag a card to move it; Delete removes, Ctrl+D duplicates, right-click for more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer palette</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag into the network, or double-click to add after the selected layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Properties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activation function</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NetworkEditor</name>
    <message>
        <source>Remove layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move layer up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move layer down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>images, {} channel(s) of {}×{}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{} feature(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>features of the data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{} param(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no params</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{}&lt;/b&gt; (layer {})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the task needs {} class(es)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the task needs {} target value(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>move {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>remove {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>duplicate {}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaletteSearch</name>
    <message>
        <source>Search layers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type to filter the palette; Enter adds the first match after the selected layer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ParamForm</name>
    <message>
        <source>Expected: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unchecked: none ({})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PredictDialog</name>
    <message>
        <source>Predict on a CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inputs (CSV):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no file chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One row per row of the CSV file, in the same order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write these predictions to a CSV file (one line per input row, with a header)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inputs to predict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the predictions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <source>Progress of the run over all its iterations (one iteration = one batch: forward pass, backward pass, update; one epoch = one pass over the training set). ETA assumes the current speed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>— samples/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training samples processed per second (forward + backward + update), measured over the last epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>elapsed —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time spent training in this run (pauses excluded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the engine runs: NumPy on the CPU or CuPy on a GPU, and the BLAS library</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunExports</name>
    <message>
        <source>Weights…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trained weights as NumPy .npz, safetensors, ONNX or a NumPy script (File › Export Weights…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch history as CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Iteration history as CSV…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunList</name>
    <message>
        <source>Every run of this session, newest first. The current run is drawn alone; tick other runs to overlay their loss and accuracy curves, e.g. to compare SGD, momentum and Adam from the same initial weights (Reset keeps the seed). Each run is named by its optimizer, learning rate, seed, data and network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget the selected finished run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget every finished run</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunsBrowser</name>
    <message>
        <source>Filter: name, data, network, optimizer, tag, note…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read the runs folder again (runs recorded by the command line or a sweep appear)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every recorded run. Click a header to sort; select two or more runs (Ctrl or Shift) to compare their curves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>baseline, best lr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tags, separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>what this run was for, what you saw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Tags and Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in Designer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>put this run&apos;s experiment and trained weights into the Design tab (double-click a row does the same)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delete the selected runs and their files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{total} runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{shown} of {total} runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a run to see it, or several to compare them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} runs selected: their curves are in the plot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete {n} run(s) with their weights and history? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunsTab</name>
    <message>
        <source>Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>choose the runs folder (where every run is recorded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every run you trained, here or at the command line: compare, tag, open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>try many values of some fields of this experiment, on all cores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened run {run_id} in the designer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScatterPreview</name>
    <message>
        <source>class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{} classes, one colour each</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>colour: target value, {} → {}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SpeedControl</name>
    <message>
        <source>Speed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How fast Train runs: from one iteration per redraw of the plots, so that you can watch the network learn, to as fast as possible (max). Small synthetic data sets start at a watchable pace, real data at max; Step, Step epoch and the command line always run at full speed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SweepPanel</name>
    <message>
        <source>Sweep the current experiment: each row varies one field, named by its JSON path, over the values you list (separated by commas). Every combination runs, each run is recorded in the Runs tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field (JSON path)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>runs per combination, each with the next seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>worker processes on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start Sweep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rank by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a field to vary (for example optimizer.lr).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running {total} runs on {workers} worker(s); results in {out}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{done} of {total} runs finished{best}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; best: run {n}, {metric} {value:.4g} (run {run_id})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what}: {done} of {total} runs{best}. Results: {out}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TablePreview</name>
    <message>
        <source>Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Features</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classes ({})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, … ({} more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feature names</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch gradient descent (BGD): every iteration computes the gradient on all training samples.
Pros: stable training; converges to the global minimum for convex losses.
Cons: heavy computation, slow, unsuited to large data sets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch: each iteration uses every training sample — stable but slow on large data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stochastic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stochastic gradient descent (SGD): every iteration uses one randomly chosen training sample.
Pros: fast, suits large data sets, may jump out of local minima.
Cons: the training curve fluctuates a lot and settles less easily.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stochastic: each iteration uses one random sample — fast but noisy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mini-batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mini-batch gradient descent (MBGD): every iteration uses a small random subset of the training samples (a mini-batch).
Pros: combines the stability of batch and the speed of stochastic descent.
Cons: the mini-batch size has to be chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mini-batch: each iteration uses a small random subset — the usual compromise.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One iteration is one forward and back propagation on one batch; one epoch is one pass over the whole training set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L1 penalty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L2 penalty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Early-stop patience (0 = off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore best weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shuffle each epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epsilon (ε)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Betas (β1, β2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning-rate decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period (T_max)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum lr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gamma (factor)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning-rate schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient descent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mini-batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>samples in each mini-batch (one iteration)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>float32 (fast, default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>float64 (precise, slower)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto — {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU (unavailable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the GPU when one answers, else the CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unavailable: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{} training samples → {} iteration(s) per epoch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>use {} gradient descent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set mini-batch size</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_FixedTextButton</name>
    <message>
        <source>{} ({})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_ScientificEdit</name>
    <message>
        <source>expected a number such as 0.001 or 1e-3, got {}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_SpecSection</name>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>choose {} {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>set {} {}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>core.analysis</name>
    <message>
        <source>The network has no dense layer, so it has nothing to learn.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>core.choices</name>
    <message>
        <source>torch_default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>zeros</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>uniform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>glorot_uniform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>glorot_normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>he_uniform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>he_normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tanh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>abs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>classification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>regression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>median</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>float32</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>float64</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cpu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gpu</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>core.expected</name>
    <message>
        <source>true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a text string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one of {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a list of {} numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a list of {} numbers between {} and {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a list of {} numbers ≥ {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a positive integer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a non-negative integer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a positive number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a non-negative number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a positive integer up to {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a non-negative integer up to {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a positive number up to {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a non-negative number up to {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an integer between {} and {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number between {} and {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an integer ≥ {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an integer &gt; {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an integer ≤ {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number ≥ {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number &gt; {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number ≤ {}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>core.health</name>
    <message>
        <source>Try a tenth of it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>core.params</name>
    <message>
        <source>Units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bias</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Init</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kernel size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stride</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Padding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pool size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approximate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beta</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delta</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label smoothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dampening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Centered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Betas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amsgrad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lr decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initial accumulator value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gamma</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eta min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Factor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patience</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cooldown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min lr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Noise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missing values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dtype</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shuffle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore best</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test fraction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standardize</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>core.registry</name>
    <message>
        <source>Dense</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fully connected layer: every neuron is connected to every input of the previous layer, each connection has a weight w and each neuron a bias b.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>number of neurons in this layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add a learnable bias b to each neuron</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>how the weights start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conv 2D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Convolution: each of its filters is a small grid of weights slid over the image; at each place it multiplies the pixels under it (all channels) by its weights and adds them up with a bias, giving one output image (feature map) per filter. The same weights are used everywhere, so a filter finds its pattern anywhere in the image. Convolutional networks are where ReLU is used most.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>number of filters (output channels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>height and width of each filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step between filter positions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>zeros added around the image: a number of pixels, &quot;same&quot; (keep the size, stride 1) or &quot;valid&quot; (none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add a learnable bias b to each filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max pool 2D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keeps the largest value of each pool_size × pool_size window of each channel: halves the image (pool size 2), keeps the strongest response of each filter, and makes the network less sensitive to small shifts. No weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>height and width of the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step between windows; empty means the pool size (windows side by side)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avg pool 2D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaces each pool_size × pool_size window of each channel by its mean: shrinks the image smoothly. No weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Global avg pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaces each channel by the mean of all its pixels: one number per filter, whatever the image size. Follow it with flatten and a dense output layer. No weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flatten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lays the pixels of every channel out in one long row of features (channel by channel, row by row), so that dense layers can follow convolutions. No weights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>During training, zero each input with probability p and scale the rest by 1/(1−p) (inverted dropout); does nothing when evaluating. Reduces overfitting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>regularization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>probability of dropping an input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalize each feature over the batch to zero mean and unit variance, then scale by γ and shift by β (learned). Keeps running statistics for evaluation. On images, each channel is normalized over the batch and all its pixels (PyTorch&apos;s BatchNorm2d).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weight of the newest batch in the running statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>added to the variance for stability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passes its input through unchanged (a linear output for regression).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>activations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sigmoid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S-shaped function squashing any input into (0, 1); used in the output layer for binary classification, where the output reads as a probability.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use sigmoid in the output layer for binary classification. In hidden layers it saturates: for large |x| its gradient is nearly 0, so gradients vanish in deep networks, and its output is not centred on 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tanh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hyperbolic tangent: squashes inputs into (−1, 1), centred on 0; saturates like sigmoid for large |x|.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zero-centred, so hidden layers learn faster than with sigmoid, but the gradient still vanishes where the curve flattens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rectified linear unit: passes positive inputs, zeroes negative ones. The first choice for hidden layers: cheap and free of vanishing gradients for x &gt; 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ReLU is the first choice for hidden layers. Watch for the dead-ReLU problem: a neuron whose input stays negative outputs 0 forever and stops learning, usually after too large a learning rate or a poor initialization.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leaky ReLU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ReLU with a small slope α for negative inputs, so neurons cannot die.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try it when ReLU neurons die: negative inputs still pass a small gradient.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>slope for negative inputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PReLU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parametric ReLU: like Leaky ReLU, but the negative slope a is learned by back propagation (one slope for the layer, starting at 0.25).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A Leaky ReLU whose slope the network learns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>initial slope a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ELU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exponential linear unit: identity for x &gt; 0, a smooth exponential curve towards −α for negative inputs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smooth and with negative outputs, so mean activations stay near 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saturation value for negative inputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GELU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gaussian error linear unit: x weighted by the probability that a standard normal variable is below x; the activation of Transformers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A smooth ReLU; the tanh form is PyTorch&apos;s approximate=&apos;tanh&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exact (erf) or tanh approximation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SiLU / Swish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sigmoid-weighted linear unit (Swish): x times sigmoid(x); smooth and non-monotonic.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A smooth alternative to ReLU for hidden layers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Softplus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A smooth version of ReLU: log(1 + eˣ); its derivative is the sigmoid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smooth everywhere, always positive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sharpness β</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>above βx &gt; threshold the output is x</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Self-regularized smooth activation: x·tanh(softplus(x)).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smooth and non-monotonic, similar to Swish.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Softmax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turns a vector of scores into probabilities that are positive and sum to 1; the output layer for multi-class classification, with cross-entropy loss.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use softmax in the output layer for multi-class classification, together with cross-entropy loss (the engine then fuses them for stability). With 2 classes it reduces to the sigmoid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Softmax acts on a whole vector: shown is the first output of the 2-class softmax of (x, 0), which equals sigmoid(x).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean squared error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The average of the squared differences between prediction and target; the usual loss for regression.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean absolute error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The average absolute difference between prediction and target; less sensitive to outliers than MSE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Huber</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squared error for small differences and absolute error for large ones (beyond δ): robust to outliers yet smooth near 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>where the loss turns from squared to absolute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Binary cross-entropy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cross-entropy for two classes (or independent yes/no outputs): the output is the probability of class 1. Fused with a final sigmoid for stability.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cross-entropy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measures the difference between the predicted probability distribution q and the true one p; the usual loss for multi-class classification, used with a softmax output (fused for stability).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mix the one-hot target with the uniform distribution by this fraction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch&apos;s nn.Linear default: weights and bias uniform in ±1/√fan_in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zeros</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All weights 0. Every neuron then learns the same thing: only for experiments that show why initialization must break symmetry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights from a normal distribution with standard deviation 0.05; bias 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uniform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights uniform in ±0.05; bias 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Glorot (Xavier) uniform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keeps the variance of signals equal forward and backward; suits sigmoid and tanh.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Glorot (Xavier) normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal variant of Glorot: std √(2/(fan_in + fan_out)).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>He (Kaiming) uniform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scaled for ReLU layers, which zero half their inputs: bound √(6/fan_in).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>He (Kaiming) normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal variant of He: std √(2/fan_in); suits ReLU layers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SGD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient descent: step against the gradient, θ_new = θ_old − α·∇J(θ); momentum accelerates convergence and reduces oscillation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gradient descent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learning rate α: the step size of each iteration (too large oscillates around the minimum or diverges, too small converges slowly)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>momentum μ: fraction of the previous step kept, accelerating convergence and damping oscillation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dampening of the gradient added to the momentum buffer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nesterov momentum: look ahead along the momentum (needs momentum &gt; 0 and dampening 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weight decay (L2 penalty) added to the gradient: g ← g + wd·θ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RMSprop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RMSProp: divides each step by a running root-mean-square of recent gradients, so every weight gets its own step size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adaptive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>smoothing constant α of the running average of g², in [0, 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>small constant added to the denominator for numerical stability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>momentum μ applied to the scaled step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>divide by the estimated variance (subtract the squared running mean of g)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam: combines momentum and RMSProp; a widely used adaptive optimizer that converges fast and is less sensitive to the learning rate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decay rates (β1, β2) of the running averages of the gradient and of its square; each in [0, 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AMSGrad: divide by the largest v seen so far, so the step size never grows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdamW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdamW: Adam with decoupled weight decay, which shrinks the weights directly instead of adding a penalty to the gradient.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decoupled weight decay: θ ← θ·(1 − lr·wd) each step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adagrad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adagrad: scales each weight&apos;s step by the sum of all its past squared gradients, so rarely updated weights take larger steps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learning-rate decay per step: lr_t = lr / (1 + (t−1)·lr_decay)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starting value of the sum of squared gradients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Constant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the learning rate fixed for the whole run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning-rate decay: multiply the lr by gamma every step_size epochs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epochs between two decays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>multiplicative factor of the decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exponential decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning-rate decay: multiply the lr by gamma after every epoch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cosine annealing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning-rate decay along half a cosine wave, from the initial lr down to eta_min at epoch T_max.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epochs of the half cosine wave; null: the number of epochs of the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>smallest learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reduce on plateau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning-rate decay when learning stalls: multiply the lr by factor once the monitored loss has not improved for patience epochs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>factor the lr is multiplied by, in (0, 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epochs without improvement tolerated before the lr is reduced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>smallest change that counts as an improvement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rel: relative to the best value, abs: absolute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epochs to wait after a reduction before counting bad epochs again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lower bound of the learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>min: the metric should fall (a loss), max: it should rise (an accuracy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Circle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two classes: a disc of points inside a ring; a straight line cannot separate them, one hidden layer can.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>synthetic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of points to generate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much random jitter to add: 0 is clean, 1 is very noisy (TensorFlow Playground uses 0 to 0.5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exclusive or</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two classes by quadrant: same sign of x1 and x2, or different; the classic problem a single neuron cannot solve.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gaussian blobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One Gaussian cloud of points per class; linearly separable when the noise is low.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of classes (arms, blobs).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spiral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interleaved spiral arms, one per class; needs several hidden layers or many neurons.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two moons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two interleaving half circles; the boundary between them must curve.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plane (regression)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regression on a tilted plane: the output is a weighted sum of the two inputs, which one linear neuron can learn exactly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slope along x1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slope along x2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sine curve (regression)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Curve fitting in one dimension: learn y = sin(x) from noisy samples; a nonlinear activation is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Iris flowers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fisher&apos;s iris flowers: 4 measurements of sepals and petals, 3 species, 150 rows; the classic first classification problem.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bundled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chemical analysis of 178 Italian wines from 3 cultivars, 13 features; features differ in scale, so standardizing matters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Breast cancer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wisconsin diagnostic breast cancer: 30 features of cell nuclei from 569 images, malignant or benign.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handwritten digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1797 handwritten digits as 8×8 images of grey levels 0–16 (64 inputs), 10 classes; a small MNIST.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give each row to the network as a 1-channel image (channels × height × width) for convolutional layers, instead of a flat vector of pixels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diabetes (regression)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disease progression one year after baseline for 442 diabetes patients, from age, sex, body mass index, blood pressure and 6 blood serum values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your own table: one row per sample, one column per feature and one target column (a class label or a number).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file to read; a relative path starts from the experiment file&apos;s folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The column to predict: its header name, or its index (0 is the first, -1 the last); empty means the last column.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classification (predict a class) or regression (predict a number); auto guesses from the target column.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whether the first row names the columns; auto detects it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The role of a column by name: numeric, categorical (one-hot encoded) or ignore; others are detected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cells that mean &apos;missing&apos; (default: empty, NA, N/A, NaN, null, ?).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What a missing number becomes: the median or mean of the training rows, or drop such rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NumPy .npz file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arrays saved with numpy.savez: X (one row per sample) and y (labels or targets); images of shape (N, H, W) are flattened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IDX images (MNIST format)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images and labels in the IDX format in which MNIST, Fashion-MNIST and KMNIST are distributed: 1-channel images for convolutional networks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IDX images file (images × rows × columns, e.g. train-images-idx3-ubyte.gz; gzip optional); a relative path starts from the experiment file&apos;s folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IDX labels file, one class number per image (e.g. train-labels-idx1-ubyte.gz).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>samples per iteration: &quot;full&quot; = batch gradient descent (the whole training set each iteration), 1 = stochastic gradient descent (one sample), N = mini-batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one epoch is one pass over the whole training set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seeds the initial weights, shuffling and dropout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>floating-point precision of the engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>where the engine runs: CPU (NumPy) or GPU (CuPy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L1 penalty λ₁·Σ|w| on the weights (drives weights to 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L2 penalty (λ₂/2)·Σw² on the weights (keeps weights small)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shuffle the training set at the start of every epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stop when the validation loss has not improved for this many epochs (0: off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with early stopping, go back to the weights of the best epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of the rows held out for validation, never trained on, to measure how well the network generalizes (0 ≤ f &lt; 1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rescale each input feature to mean 0 and standard deviation 1, using training rows only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random seed for generating and splitting the data: the same seed gives the same rows.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>resources.examples</name>
    <message>
        <source>Circle (2 classes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A ring of one class around a disc of the other.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Circle with crossed inputs (no hidden layer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TensorFlow Playground&apos;s signature: feed x1² and x2² as well as x1 and x2, and a network without hidden layers separates the ring from the disc, because x1² + x2² = r² is a straight line in those inputs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diabetes progression (regression)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>442 patients, 10 measurements, a disease-progression score one year later: regression with mean squared error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handwritten digits (8×8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1,797 scanned digits of 8×8 pixels, 10 classes: a 64-128-10 network with ReLU and dropout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handwritten digits as images (CNN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The 1,797 digits as 1×8×8 images: two 3×3 convolutions with ReLU, a 2×2 max pooling, flatten and a dense output layer. Convolutions share their weights across the image, so a filter finds its stroke anywhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Iris flowers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>150 flowers, 4 measurements, 3 species: a small network with one hidden layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spiral with plain SGD (batch gradient descent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch gradient descent: the whole training set in every iteration. Compare with the mini-batch Adam run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sine curve (regression)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit y = sin(x) from noisy samples: curve fitting with a small tanh network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spiral (3 classes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Three interleaved spiral arms: a hidden layer with ReLU bends the decision boundary around them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>XOR (binary, sigmoid output)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The classic problem no linear model can solve: one tanh hidden layer and a sigmoid output with binary cross-entropy.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
