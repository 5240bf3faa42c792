<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ColumnTable</name>
    <message>
        <source>Column</source>
        <extracomment>Rows shown at most (a wide image table has hundreds of pixel columns). The name column is as wide as the longest name up to this (longer ones are elided). What the combo boxes say (short: the Data column is narrow on a laptop). The item data role holding a column&apos;s profile (``{&quot;kind&quot;, &quot;counts&quot;, ...}``). Opacity (0-255) of the bars drawn behind the Values column&apos;s text.</extracomment>
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
</context>
<context>
    <name>ConfusionSamplesDialog</name>
    <message>
        <source>Samples of a confusion cell</source>
        <extracomment>images shown at most in the grid, rows listed at most for other data</extracomment>
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
        <extracomment>(history column, label) the person can plot.</extracomment>
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
    <name>DatasetPanel</name>
    <message>
        <source>Columns</source>
        <extracomment>Loaded data sets kept for undo and redo: at most this many, and beyond the newest one at most this many bytes of arrays in all (so a big file is never held twice). The first choice of the plot&apos;s x axis: the summary table instead of a scatter plot.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each column&apos;s role: numbers, categories (one input per value) or ignored. Change one with a click.</source>
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
        <source>summary table</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunsBrowser</name>
    <message>
        <source>Filter: name, data, network, optimizer, tag, note…</source>
        <extracomment>Most runs whose curves one plot shows (the colours repeat after ten anyway).</extracomment>
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
    <name>SweepPanel</name>
    <message>
        <source>Sweep the current experiment: each row varies one field, named by its JSON path, over the values you list (separated by commas). Every combination runs, each run is recorded in the Runs tab.</source>
        <extracomment>The metrics a sweep can rank by, and their goal. The fields the table starts with.</extracomment>
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
        <source>Tanh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hyperbolic tangent: squashes inputs into (−1, 1), centred on 0; saturates like sigmoid for large |x|.</source>
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
        <source>Leaky ReLU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ReLU with a small slope α for negative inputs, so neurons cannot die.</source>
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
        <source>Softplus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A smooth version of ReLU: log(1 + eˣ); its derivative is the sigmoid.</source>
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
        <source>Softmax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turns a vector of scores into probabilities that are positive and sum to 1; the output layer for multi-class classification, with cross-entropy loss.</source>
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
</context>
<context>
    <name>self.browser</name>
    <message>
        <source>Folder…</source>
        <extracomment>The QSettings key of the runs folder chosen in the GUI.</extracomment>
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
</TS>
