<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>About</name>
    <message>
        <source>Neural Network Workbench</source>
        <translation>神经网络工作台</translation>
    </message>
    <message>
        <source>development version</source>
        <translation>开发版</translation>
    </message>
    <message>
        <source>Design, train and inspect fully connected neural networks, on an engine of its own (NumPy on the CPU, CuPy on an NVIDIA GPU).</source>
        <translation>设计、训练并观察全连接神经网络，使用自带的计算引擎（CPU 上用 NumPy，NVIDIA GPU 上用 CuPy）。</translation>
    </message>
    <message>
        <source>Engine: {}</source>
        <translation>引擎：{}</translation>
    </message>
</context>
<context>
    <name>ActivationPreview</name>
    <message>
        <source>Select an activation in the network, or point at one in the palette, to plot f(x) and its slope f′(x).</source>
        <translation>在网络中选中一个激活函数，或在层面板中指向一个，即可绘制 f(x) 及其斜率 f′(x)。</translation>
    </message>
    <message>
        <source>{} — f(x) and slope f′(x)</source>
        <translation>{} — f(x) 及斜率 f′(x)</translation>
    </message>
</context>
<context>
    <name>AnalysisPanel</name>
    <message>
        <source>{} trainable parameter(s)</source>
        <translation>{} 个可训练参数</translation>
    </message>
    <message>
        <source>✗ {} error(s) to fix before training</source>
        <translation>✗ 训练前需修正 {} 个错误</translation>
    </message>
    <message>
        <source>✓ Ready to train</source>
        <translation>✓ 可以开始训练</translation>
    </message>
    <message>
        <source>{} warning(s)</source>
        <translation>{} 个警告</translation>
    </message>
    <message>
        <source>No problems found. Hover a layer in the palette for its help; press Train when the data are ready.</source>
        <translation>未发现问题。将鼠标停在层面板中的层上可查看说明；数据就绪后按“训练”。</translation>
    </message>
</context>
<context>
    <name>ColumnTable</name>
    <message>
        <source>number</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>ignore</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>a number: one input, a missing cell filled with the training median</source>
        <translation>数值：一个输入，缺失值用训练集的中位数填充</translation>
    </message>
    <message>
        <source>categories: one input per value seen in training (one-hot)</source>
        <translation>类别：训练集中出现的每个取值一个输入（独热编码）</translation>
    </message>
    <message>
        <source>not an input (an ID, a constant or free text)</source>
        <translation>不作为输入（编号、常量或自由文本）</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>作用</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>the column to predict (choose it above)</source>
        <translation>要预测的列（在上方选择）</translation>
    </message>
    <message>
        <source>The first {0} of {1} columns; set the others in the experiment file (data.columns).</source>
        <translation>仅显示 {1} 列中的前 {0} 列；其余列请在实验文件中设置（data.columns）。</translation>
    </message>
    <message>
        <source>detected: {0} ({1})</source>
        <translation>自动识别：{0}（{1}）</translation>
    </message>
    <message>
        <source>chosen by you; </source>
        <translation>由你选择；</translation>
    </message>
    <message>
        <source>{} value(s)</source>
        <translation>{} 个取值</translation>
    </message>
</context>
<context>
    <name>Concepts</name>
    <message>
        <source>Concepts of neural networks</source>
        <translation>神经网络的概念</translation>
    </message>
    <message>
        <source>The ideas this workbench lets you try, in the words of the primer it follows.</source>
        <translation>本工作台让你动手尝试的概念，用它所依据的入门教程的话来说明。</translation>
    </message>
    <message>
        <source>Neuron</source>
        <translation>神经元</translation>
    </message>
    <message>
        <source>Also called a node: the basic unit of a neural network. Each neuron receives inputs, forms their weighted sum, passes it through an activation function and sends the result on as its output.</source>
        <translation>也称为节点，是神经网络的基本单元。每个神经元接收输入，计算它们的加权和，再经过激活函数，把结果作为输出传递下去。</translation>
    </message>
    <message>
        <source>Weight and bias</source>
        <translation>权重与偏置</translation>
    </message>
    <message>
        <source>Neurons pass information along connections. Each connection has a weight w, the strength of the connection: it decides how much an input signal influences the output. Each neuron adds a bias b to its weighted sum: z = w·x + b.</source>
        <translation>神经元之间通过连接传递信息。每个连接都有一个权重 w，表示连接的强度：它决定了输入信号对输出的影响程度。每个神经元在加权和上再加一个偏置 b：z = w·x + b。</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Neurons are organized in layers. The input layer receives the data; hidden layers, between input and output, process and transform it (the “depth” of deep learning is their number); the output layer produces the result. In a fully connected network every neuron of layer N is connected to all neurons of layer N−1, neurons in the same layer are not connected, and the outputs of layer N−1 are the inputs of layer N.</source>
        <translation>神经元按层组织。输入层接收数据；位于输入层和输出层之间的隐藏层负责处理和转换数据（深度学习中的“深度”就是指隐藏层的数量）；输出层产生最终结果。在全连接神经网络中，第 N 层的每个神经元与第 N−1 层的所有神经元相连，同一层的神经元之间没有连接，第 N−1 层神经元的输出就是第 N 层神经元的输入。</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>The weighted sum is always linear. An activation function transforms each layer&apos;s output and brings non-linearity into the network, so that it can fit curves and express complex patterns. ReLU is the first choice for hidden layers (try Leaky ReLU if it works badly, and watch for dead ReLUs); sigmoid for the output of a two-class problem; softmax for the output of a multi-class problem (the outputs become probabilities that sum to 1).</source>
        <translation>加权和总是线性的。激活函数对每层的输出进行变换，为网络引入非线性，使它能够拟合曲线、表达复杂的模式。隐藏层首选 ReLU（效果不好时可试 Leaky ReLU，并留意神经元死亡问题）；二分类问题的输出层用 sigmoid；多分类问题的输出层用 softmax（输出变为总和为 1 的概率）。</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>A function that measures the quality of the model&apos;s parameters by comparing the network&apos;s output with the true output: it tells how big a mistake the model made. Training minimizes the loss; it also evaluates the model on held-out data. Mean squared error (MSE) is the usual loss for regression, cross-entropy for classification (after a softmax).</source>
        <translation>通过比较网络输出与真实输出来衡量模型参数好坏的函数：它表示模型犯了多大的错误。训练就是使损失最小化；它也用于在留出的数据上评估模型。回归通常用均方误差（MSE），分类通常用交叉熵（接在 softmax 之后）。</translation>
    </message>
    <message>
        <source>Gradient descent</source>
        <translation>梯度下降</translation>
    </message>
    <message>
        <source>An optimization algorithm that searches for the minimum of the loss. Imagine standing on a mountain and wanting to reach the valley: find the steepest way down, take a step along it, and repeat until the lowest point. The gradient points where the loss grows fastest, so each iteration moves the parameters a small step the other way: θ_new = θ_old − α·∇J(θ).</source>
        <translation>一种寻找损失函数最小值的优化算法。就像站在山上想走到山谷：找到最陡峭的下坡方向，沿它走一步，不断重复，直到最低点。梯度指向损失增长最快的方向，因此每次迭代都让参数朝相反方向移动一小步：θ_new = θ_old − α·∇J(θ)。</translation>
    </message>
    <message>
        <source>Batch, stochastic, mini-batch</source>
        <translation>批量、随机、小批量</translation>
    </message>
    <message>
        <source>Kinds of gradient descent by how many samples each iteration uses. Batch gradient descent (BGD) uses all training samples: stable, but heavy and slow on large data. Stochastic gradient descent (SGD) uses one randomly chosen sample: fast and may escape local minima, but the training fluctuates. Mini-batch gradient descent (MBGD) uses a small random subset, a mini-batch: it combines the stability of the first with the speed of the second, at the price of choosing the mini-batch size.</source>
        <translation>按每次迭代使用多少样本区分的梯度下降类型。批量梯度下降（BGD）使用所有训练样本：稳定，但计算量大，在大数据集上很慢。随机梯度下降（SGD）只使用一个随机选择的样本：速度快，可能跳出局部最小值，但训练过程波动大。小批量梯度下降（MBGD）使用一小部分随机样本（一个 mini-batch）：兼具前者的稳定和后者的速度，代价是需要选择小批量大小。</translation>
    </message>
    <message>
        <source>Iteration</source>
        <translation>迭代</translation>
    </message>
    <message>
        <source>One forward and back propagation on one batch: with batch size 128, one iteration processes 128 samples and updates the weights once.</source>
        <translation>在一个批次上进行一次前向传播和反向传播：批大小为 128 时，一次迭代处理 128 个样本并更新一次权重。</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>轮次（epoch）</translation>
    </message>
    <message>
        <source>One full round of training: all of the training data (say 100,000 images) has passed through the network once.</source>
        <translation>完整的一轮训练：全部训练数据（例如 100,000 张图片）都在网络中传递过一次。</translation>
    </message>
    <message>
        <source>Forward propagation</source>
        <translation>前向传播</translation>
    </message>
    <message>
        <source>The input data is passed through the network layer by layer, computing the output of every neuron, until the final output is produced.</source>
        <translation>将输入数据逐层通过网络传递，计算每个神经元的输出，直到产生最终输出。</translation>
    </message>
    <message>
        <source>Back propagation</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <source>The optimization of the parameters: from the gradient of the loss, the weights are adjusted starting at the deepest layer and moving back to the shallowest. The chain rule computes all the gradients efficiently.</source>
        <translation>参数的优化：根据损失函数的梯度，从最深的层开始、向最浅的层反向调整权重。链式法则可以高效地计算出所有梯度。</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>The learning rate α controls the size of each step of gradient descent. Too large, and the algorithm oscillates around the minimum and does not converge; too small, and it converges slowly. Choose it by experiment, or let it decay as training proceeds (a learning-rate schedule).</source>
        <translation>学习率 α 控制梯度下降每一步的大小。太大，算法会在最小值附近振荡而不收敛；太小，收敛很慢。可通过实验选择，或随训练的进行逐渐减小（学习率衰减）。</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Uses the computed gradients to update the network&apos;s weights so that the loss decreases: plain gradient descent, momentum (accelerates and damps oscillation), or Adam (combines momentum and RMSprop, and is less sensitive to the choice of learning rate).</source>
        <translation>利用计算出的梯度更新网络权重，使损失下降：普通梯度下降、动量法（加速收敛并抑制振荡），或 Adam（结合动量法与 RMSprop，对学习率的选择不太敏感）。</translation>
    </message>
</context>
<context>
    <name>ConceptsDialog</name>
    <message>
        <source>Concepts</source>
        <translation>概念</translation>
    </message>
</context>
<context>
    <name>ConfusionPanel</name>
    <message>
        <source>Confusion matrix (validation)</source>
        <translation>混淆矩阵（验证集）</translation>
    </message>
    <message>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <source>How the validation samples of each true class (row) were classified (column) after the latest epoch. The diagonal holds the correct predictions; a dark off-diagonal cell shows two classes the network mixes up. Shade: share of the row. Click a cell to see its samples.</source>
        <translation>最近一个轮次后，每个真实类别（行）的验证样本被分到了哪一类（列）。对角线是正确的预测；对角线外的深色单元格表示网络混淆的两个类别。颜色深浅：占该行的比例。单击单元格可查看其中的样本。</translation>
    </message>
    <message>
        <source>Confusion matrices are for classification;
this is a regression task.</source>
        <translation>混淆矩阵用于分类；
这是一个回归任务。</translation>
    </message>
    <message>
        <source>No validation set (test fraction 0).</source>
        <translation>没有验证集（验证集比例为 0）。</translation>
    </message>
    <message>
        <source>Waiting for the first epoch…</source>
        <translation>等待第一轮结束…</translation>
    </message>
</context>
<context>
    <name>ConfusionSamplesDialog</name>
    <message>
        <source>Samples of a confusion cell</source>
        <translation>混淆矩阵单元格中的样本</translation>
    </message>
    <message>
        <source> (the first {0} shown)</source>
        <translation>（显示前 {0} 个）</translation>
    </message>
    <message>
        <source>True class {0}, predicted {1}, after epoch {2}: {3} validation sample(s){4}.</source>
        <translation>真实类别 {0}，预测为 {1}，第 {2} 轮后：{3} 个验证样本{4}。</translation>
    </message>
    <message>
        <source>Validation sample numbers: {0}</source>
        <translation>验证样本编号：{0}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>CurvesPlot</name>
    <message>
        <source>Validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Training accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <source>Validation RMSE</source>
        <translation>验证 RMSE</translation>
    </message>
    <message>
        <source>Training RMSE</source>
        <translation>训练 RMSE</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Select runs in the table to compare their curves.</source>
        <translation>在表格中选择运行以比较它们的曲线。</translation>
    </message>
    <message>
        <source>what the plot shows for each selected run</source>
        <translation>图中为每个选中的运行显示的内容</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>{shown} of {runs} runs have {metric}.</source>
        <translation>{runs} 个运行中有 {shown} 个包含{metric}。</translation>
    </message>
    <message>
        <source>{metric} of {runs} run(s), by epoch.</source>
        <translation>{runs} 个运行的{metric}，按轮次。</translation>
    </message>
</context>
<context>
    <name>DashboardPages</name>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>loss, accuracy, decision boundary, learning rate, network, confusion matrix</source>
        <translation>损失、准确率、决策边界、学习率、网络、混淆矩阵</translation>
    </message>
    <message>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>gradient norms, gradient histograms, dead ReLU units</source>
        <translation>梯度范数、梯度直方图、死亡的 ReLU 单元</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>weight distributions over time, weight matrix (a convolution&apos;s filters), update ratio, feature maps of a validation image</source>
        <translation>权重分布随时间的变化、权重矩阵（卷积的滤波器）、更新比例、验证图像的特征图</translation>
    </message>
    <message>
        <source>Loss landscape</source>
        <translation>损失地形</translation>
    </message>
    <message>
        <source>the loss around the current weights along two random directions, with the optimizer&apos;s path (computed when you press Compute)</source>
        <translation>当前权重周围沿两个随机方向的损失，以及优化器的路径（按“计算”时计算）</translation>
    </message>
</context>
<context>
    <name>DataLoadingFlow</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>stop reading; the data shown before stays in place</source>
        <translation>停止读取；之前显示的数据保持不变</translation>
    </message>
    <message>
        <source>Load again</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>read the experiment&apos;s data file again</source>
        <translation>重新读取实验的数据文件</translation>
    </message>
    <message>
        <source>Loading {}…</source>
        <translation>正在加载 {}…</translation>
    </message>
    <message>
        <source>Loading {}</source>
        <translation>正在加载 {}</translation>
    </message>
    <message>
        <source>Loading cancelled: the data is unchanged.</source>
        <translation>已取消加载：数据未改变。</translation>
    </message>
    <message>
        <source>Loading cancelled.</source>
        <translation>已取消加载。</translation>
    </message>
    <message>
        <source>Loading the data was cancelled; press Load again to read it, or choose other data.</source>
        <translation>数据加载已取消；按“重新加载”读取它，或选择其他数据。</translation>
    </message>
</context>
<context>
    <name>DataSourceControls</name>
    <message>
        <source>Synthetic</source>
        <translation>合成数据</translation>
    </message>
    <message>
        <source>Bundled</source>
        <translation>内置数据</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Image files</source>
        <translation>图像文件</translation>
    </message>
    <message>
        <source>Slope a (x1)</source>
        <translation>斜率 a（x1）</translation>
    </message>
    <message>
        <source>Slope b (x2)</source>
        <translation>斜率 b（x2）</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <source>Header row</source>
        <translation>表头行</translation>
    </message>
    <message>
        <source>Missing numbers</source>
        <translation>缺失数值</translation>
    </message>
    <message>
        <source>Auto (guess from the target)</source>
        <translation>自动（根据目标列判断）</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Regression</source>
        <translation>回归</translation>
    </message>
    <message>
        <source>Data source</source>
        <translation>数据源</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>no file chosen</source>
        <translation>未选择文件</translation>
    </message>
    <message>
        <source>Open CSV/NPZ…</source>
        <translation>打开 CSV/NPZ…</translation>
    </message>
    <message>
        <source>choose a CSV (one row per sample, one column per feature and a target column) or a NumPy .npz file (arrays X, y)</source>
        <translation>选择 CSV 文件（每个样本一行，每个特征一列，外加一个目标列）或 NumPy .npz 文件（数组 X、y）</translation>
    </message>
    <message>
        <source>the column to predict; the other columns are the inputs</source>
        <translation>要预测的列；其余列作为输入</translation>
    </message>
    <message>
        <source>Target column</source>
        <translation>目标列</translation>
    </message>
    <message>
        <source>classification predicts a class, regression a number</source>
        <translation>分类预测类别，回归预测数值</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>choose a folder with one sub-folder of images per class (the class names are the sub-folder names)</source>
        <translation>选择一个文件夹：每个类别一个图像子文件夹（类别名即子文件夹名）</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>draw new points from the same recipe (the next data seed)</source>
        <translation>按同样的方法重新生成点（使用下一个数据随机种子）</translation>
    </message>
    <message>
        <source>Inputs the network reads</source>
        <translation>网络读取的输入</translation>
    </message>
    <message>
        <source>the coordinates, and crosses of them that a network without hidden layers can combine linearly (x1² and x2² make the circle a straight line)</source>
        <translation>坐标，以及没有隐藏层的网络也能线性组合的交叉项（x1² 和 x2² 能把圆变成一条直线）</translation>
    </message>
    <message>
        <source>feed {} to the network</source>
        <translation>把 {} 输入网络</translation>
    </message>
    <message>
        <source>{} rows, {} features</source>
        <translation>{} 行，{} 个特征</translation>
    </message>
    <message>
        <source> ({})</source>
        <translation>（{}）</translation>
    </message>
    <message>
        <source>last column (default)</source>
        <translation>最后一列（默认）</translation>
    </message>
    <message>
        <source>last column ({})</source>
        <translation>最后一列（{}）</translation>
    </message>
    <message>
        <source>regenerate the data (seed {})</source>
        <translation>重新生成数据（随机种子 {}）</translation>
    </message>
    <message>
        <source>use the {} data</source>
        <translation>使用{}数据</translation>
    </message>
    <message>
        <source>The network needs at least one input: choose another before removing {}.</source>
        <translation>网络至少需要一个输入：移除 {} 之前请先选择另一个。</translation>
    </message>
    <message>
        <source>add the input {}</source>
        <translation>添加输入 {}</translation>
    </message>
    <message>
        <source>remove the input {}</source>
        <translation>移除输入 {}</translation>
    </message>
    <message>
        <source>choose the target column</source>
        <translation>选择目标列</translation>
    </message>
    <message>
        <source>set the task to {}</source>
        <translation>把任务设为 {}</translation>
    </message>
    <message>
        <source>open the data file {}</source>
        <translation>打开数据文件 {}</translation>
    </message>
    <message>
        <source>{} is not a folder; expected a folder with one sub-folder of images per class.</source>
        <translation>{} 不是文件夹；需要一个每个类别一个图像子文件夹的文件夹。</translation>
    </message>
    <message>
        <source>open the image folder {}</source>
        <translation>打开图像文件夹 {}</translation>
    </message>
    <message>
        <source>Choose a folder with one sub-folder of images per class</source>
        <translation>选择一个每个类别一个图像子文件夹的文件夹</translation>
    </message>
    <message>
        <source>Open a data file</source>
        <translation>打开数据文件</translation>
    </message>
    <message>
        <source>Data files (*.csv *.tsv *.txt *.npz);;All files (*)</source>
        <translation>数据文件 (*.csv *.tsv *.txt *.npz);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot use this data</source>
        <translation>无法使用这些数据</translation>
    </message>
</context>
<context>
    <name>DataSplitControls</name>
    <message>
        <source>Validation fraction</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <source>Standardize inputs</source>
        <translation>标准化输入</translation>
    </message>
    <message>
        <source>Data seed</source>
        <translation>数据随机种子</translation>
    </message>
    <message>
        <source>Validation split and scaling</source>
        <translation>验证集划分与缩放</translation>
    </message>
    <message>
        <source>share of the rows the network trains on; the rest is held out for validation</source>
        <translation>网络用于训练的行所占比例；其余留作验证</translation>
    </message>
    <message>
        <source>train {} : {} validation</source>
        <translation>训练 {} : {} 验证</translation>
    </message>
    <message>
        <source>train on {} % of the rows</source>
        <translation>用 {}% 的行训练</translation>
    </message>
    <message>
        <source>set data {}</source>
        <translation>设置数据的{}</translation>
    </message>
</context>
<context>
    <name>DatasetPanel</name>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Each column&apos;s role: numbers, categories (one input per value) or ignored. Change one with a click.</source>
        <translation>每列的作用：数值、类别（每个取值一个输入）或忽略。单击即可更改。</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>the input on the horizontal axis (or the summary table)</source>
        <translation>横轴上的输入（或摘要表）</translation>
    </message>
    <message>
        <source>the input on the vertical axis</source>
        <translation>纵轴上的输入</translation>
    </message>
    <message>
        <source>Plot</source>
        <translation>绘制</translation>
    </message>
    <message>
        <source>against</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>No data to preview: fix the source above, or choose another.</source>
        <translation>没有可预览的数据：请修正上方的数据源，或另选一个。</translation>
    </message>
    <message>
        <source>no data loaded</source>
        <translation>尚未加载数据</translation>
    </message>
    <message>
        <source>summary table</source>
        <translation>摘要表</translation>
    </message>
    <message>
        <source>set column {} to {}</source>
        <translation>将列 {} 设为{}</translation>
    </message>
</context>
<context>
    <name>DatasetSummary</name>
    <message>
        <source>classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>regression</source>
        <translation>回归</translation>
    </message>
    <message>
        <source>{} samples</source>
        <translation>{} 个样本</translation>
    </message>
    <message>
        <source> ({} training, {} validation)</source>
        <translation>（{} 个训练，{} 个验证）</translation>
    </message>
    <message>
        <source>{} feature(s)</source>
        <translation>{} 个特征</translation>
    </message>
    <message>
        <source>{} classes</source>
        <translation>{} 个类别</translation>
    </message>
    <message>
        <source>regression with {} targets</source>
        <translation>回归，{} 个目标</translation>
    </message>
    <message>
        <source>{}×{} images</source>
        <translation>{}×{} 图像</translation>
    </message>
</context>
<context>
    <name>DeadUnitsPanel</name>
    <message>
        <source>Dead ReLU units</source>
        <translation>死亡的 ReLU 单元</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>share of dead units</source>
        <translation>死亡神经元比例</translation>
    </message>
    <message>
        <source>The share of ReLU units after each dense layer that output 0 for every validation sample: they pass no gradient and no longer learn. Above 50% (red line) the layer is mostly dead: lower the learning rate, use He initialization or Leaky ReLU.</source>
        <translation>每个全连接层之后对所有验证样本都输出 0 的 ReLU 单元所占比例：它们不传递梯度，不再学习。超过 50%（红线）说明这一层大部分已“死亡”：降低学习率，使用 He 初始化或 Leaky ReLU。</translation>
    </message>
    <message>
        <source>The network has no ReLU layer.</source>
        <translation>网络中没有 ReLU 层。</translation>
    </message>
</context>
<context>
    <name>DecisionBoundaryPanel</name>
    <message>
        <source>Validation points</source>
        <translation>验证样本点</translation>
    </message>
    <message>
        <source>show the validation samples (dark rim), which the network never trains on</source>
        <translation>显示验证样本（深色边框），网络从不用它们训练</translation>
    </message>
    <message>
        <source>Discretize</source>
        <translation>离散显示</translation>
    </message>
    <message>
        <source>colour each point by the predicted class only, without fading where the network is unsure (regression: bands of equal width)</source>
        <translation>只按预测类别给每个点着色，网络不确定处也不变淡（回归：等宽色带）</translation>
    </message>
    <message>
        <source>Plane:</source>
        <translation>平面：</translation>
    </message>
    <message>
        <source>First two principal components</source>
        <translation>前两个主成分</translation>
    </message>
    <message>
        <source>Two features (others at their mean)</source>
        <translation>两个特征（其余取均值）</translation>
    </message>
    <message>
        <source>The data has more than two features: the picture is a plane through the input space, either the first two principal components of the training data or two features with every other feature held at its mean</source>
        <translation>数据的特征多于两个：图中是输入空间中的一个平面，可以是训练数据的前两个主成分，也可以是两个特征（其余特征都取均值）</translation>
    </message>
    <message>
        <source>The feature along the horizontal axis</source>
        <translation>横轴上的特征</translation>
    </message>
    <message>
        <source>The feature along the vertical axis</source>
        <translation>纵轴上的特征</translation>
    </message>
    <message>
        <source>The decision boundary needs 2 input features;
this data has {}.</source>
        <translation>决策边界需要 2 个输入特征；
这份数据有 {} 个。</translation>
    </message>
    <message>
        <source>PC 1 ({:.0%} var.)</source>
        <translation>主成分 1（方差 {:.0%}）</translation>
    </message>
    <message>
        <source>PC 2 ({:.0%} var.)</source>
        <translation>主成分 2（方差 {:.0%}）</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>… {} more</source>
        <translation>… 另有 {} 个</translation>
    </message>
    <message>
        <source>{}, neuron {}: bias {}</source>
        <translation>{}，神经元 {}：偏置 {}</translation>
    </message>
    <message>
        <source>incoming weights: {}</source>
        <translation>输入权重：{}</translation>
    </message>
    <message>
        <source>weights {}</source>
        <translation>权重 {}</translation>
    </message>
    <message>
        <source>Decision boundary</source>
        <translation>决策边界</translation>
    </message>
    <message>
        <source>The network&apos;s prediction at every point of the input plane (with more than two features: of the plane chosen above the plot): the colour of the predicted class, paler where the network is unsure (regression: the predicted value). Points: training samples (white rim) and validation samples (dark rim) in the colour of their true class.</source>
        <translation>网络在输入平面上每一点的预测（特征多于两个时：在图上方所选的平面上）：颜色是预测的类别，网络越不确定颜色越淡（回归：预测值）。点：训练样本（白边）和验证样本（深色边），颜色是其真实类别。</translation>
    </message>
</context>
<context>
    <name>DiagramEditing</name>
    <message>
        <source>weight from neuron {} to neuron {} of layer {}</source>
        <translation>从神经元 {0} 到第 {2} 层神经元 {1} 的权重</translation>
    </message>
    <message>
        <source>bias of neuron {} of layer {}</source>
        <translation>第 {1} 层神经元 {0} 的偏置</translation>
    </message>
    <message>
        <source>The diagram shows a past moment of the run: press Live on the timeline, then edit the weights the run has now.</source>
        <translation>网络图显示的是这次训练过去的某一时刻：请先在时间轴上点“实时”，再编辑训练当前的权重。</translation>
    </message>
    <message>
        <source>{} does not fit the run&apos;s {} weights: expected a number between {} and {}; the weight keeps its value.</source>
        <translation>{} 超出了这次训练 {} 权重能表示的范围：应在 {} 与 {} 之间；权重保持原值。</translation>
    </message>
    <message>
        <source>There is no run to change: press Train or Step to start one, then edit its weights.</source>
        <translation>没有可修改的运行：先按“训练”或“单步”开始一次运行，再编辑它的权重。</translation>
    </message>
    <message>
        <source>Unfreeze layer {}</source>
        <translation>解冻第 {} 层</translation>
    </message>
    <message>
        <source>Freeze layer {}</source>
        <translation>冻结第 {} 层</translation>
    </message>
    <message>
        <source>freeze layer {}</source>
        <translation>冻结第 {} 层</translation>
    </message>
    <message>
        <source>unfreeze layer {}</source>
        <translation>解冻第 {} 层</translation>
    </message>
</context>
<context>
    <name>ExperimentFileActions</name>
    <message>
        <source>New experiment</source>
        <translation>新实验</translation>
    </message>
    <message>
        <source>Cannot open the experiment</source>
        <translation>无法打开实验</translation>
    </message>
    <message>
        <source>Opened {}</source>
        <translation>已打开 {}</translation>
    </message>
    <message>
        <source>replace characters that cannot be saved</source>
        <translation>替换无法保存的字符</translation>
    </message>
    <message>
        <source>Cannot save the experiment</source>
        <translation>无法保存实验</translation>
    </message>
    <message>
        <source>({}: characters that are not valid Unicode were replaced by �)</source>
        <translation>（{}：无效的 Unicode 字符已替换为 �）</translation>
    </message>
    <message>
        <source>{}: cannot be written ({}).</source>
        <translation>{}：无法写入（{}）。</translation>
    </message>
    <message>
        <source>{}: the experiment cannot be written as JSON ({}).</source>
        <translation>{}：实验无法写成 JSON（{}）。</translation>
    </message>
    <message>
        <source>Saved {}</source>
        <translation>已保存 {}</translation>
    </message>
    <message>
        <source>keep the data file path</source>
        <translation>保留数据文件路径</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>(no recent files)</source>
        <translation>（没有最近的文件）</translation>
    </message>
    <message>
        <source>{}: the file no longer exists; it is removed from the list.</source>
        <translation>{}：文件已不存在，已从列表中移除。</translation>
    </message>
    <message>
        <source>(no examples installed)</source>
        <translation>（未安装示例）</translation>
    </message>
</context>
<context>
    <name>FeatureMapPanel</name>
    <message>
        <source>Feature maps</source>
        <translation>特征图</translation>
    </message>
    <message>
        <source>one tile per channel</source>
        <translation>每个通道一块</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>行</translation>
    </message>
    <message>
        <source>What the chosen convolution outputs for the chosen validation image after the latest epoch: one tile per output channel (before the activation), blue for positive, orange for negative values, white near 0. Early convolutions keep the image&apos;s shape and light up where their filter&apos;s stroke is; later ones are coarser.</source>
        <translation>最近一个轮次后所选卷积层对所选验证图像的输出：每个输出通道一格（激活之前），蓝色为正值，橙色为负值，接近 0 为白色。前面的卷积层保留图像的形状，在滤波器笔画所在处发亮；后面的更粗略。</translation>
    </message>
    <message>
        <source>Which validation image to run through the network</source>
        <translation>要送入网络的验证图像</translation>
    </message>
    <message>
        <source>validation image</source>
        <translation>验证图像</translation>
    </message>
    <message>
        <source>Image:</source>
        <translation>图像：</translation>
    </message>
    <message>
        <source>Which convolution&apos;s output to show</source>
        <translation>要显示哪个卷积层的输出</translation>
    </message>
    <message>
        <source>convolution</source>
        <translation>卷积</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>{}: {} ({} maps)</source>
        <translation>{}：{}（{} 张特征图）</translation>
    </message>
    <message>
        <source>Feature maps are for convolutional networks;
this one has no convolution.</source>
        <translation>特征图用于卷积网络；
这个网络没有卷积层。</translation>
    </message>
    <message>
        <source>No validation set (test fraction 0).</source>
        <translation>没有验证集（验证集比例为 0）。</translation>
    </message>
    <message>
        <source>image #{}</source>
        <translation>图像 #{}</translation>
    </message>
    <message>
        <source> (class {})</source>
        <translation>（类别 {}）</translation>
    </message>
    <message>
        <source>{}: one tile per channel</source>
        <translation>{}：每个通道一块</translation>
    </message>
</context>
<context>
    <name>FindingRow</name>
    <message>
        <source>Error:</source>
        <translation>错误：</translation>
    </message>
    <message>
        <source>Warning:</source>
        <translation>警告：</translation>
    </message>
    <message>
        <source>Fix: {}</source>
        <translation>修正：{}</translation>
    </message>
    <message>
        <source>One click: {} (undo with Ctrl+Z)</source>
        <translation>一键操作：{}（用 Ctrl+Z 撤销）</translation>
    </message>
    <message>
        <source>show layer {}</source>
        <translation>显示第 {} 层</translation>
    </message>
    <message>
        <source>Select this layer in the network</source>
        <translation>在网络中选中这一层</translation>
    </message>
</context>
<context>
    <name>GradientCheckDialog</name>
    <message>
        <source>Gradient check</source>
        <translation>梯度检验</translation>
    </message>
    <message>
        <source>parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>relative error</source>
        <translation>相对误差</translation>
    </message>
    <message>
        <source>result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Back propagation is compared with central differences (f(θ+ε) − f(θ−ε)) / 2ε in float64 on a small batch of training data. Relative errors below 1e-6 mean the gradients are right; ReLU kinks can raise single entries.</source>
        <translation>在一小批训练数据上，以 float64 将反向传播与中心差分 (f(θ+ε) − f(θ−ε)) / 2ε 比较。相对误差低于 1e-6 说明梯度正确；ReLU 的拐点可能使个别项偏高。</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>✓ agrees</source>
        <translation>✓ 一致</translation>
    </message>
    <message>
        <source>✗ differs</source>
        <translation>✗ 不一致</translation>
    </message>
    <message>
        <source>All gradients agree</source>
        <translation>所有梯度一致</translation>
    </message>
    <message>
        <source>Some gradients differ</source>
        <translation>部分梯度不一致</translation>
    </message>
    <message>
        <source>largest relative error {} (tolerance {}).</source>
        <translation>最大相对误差 {}（容差 {}）。</translation>
    </message>
</context>
<context>
    <name>GradientHistogramPanel</name>
    <message>
        <source>Gradient histogram (latest)</source>
        <translation>梯度直方图（最新）</translation>
    </message>
    <message>
        <source>∂L/∂w</source>
        <translation>∂L/∂w</translation>
    </message>
    <message>
        <source>share of weights</source>
        <translation>权重占比</translation>
    </message>
    <message>
        <source>The distribution of the gradient of every weight of the chosen layer (last batch of the latest epoch; the x range ends at the 99th percentile of |∂L/∂w|). A narrow spike at 0 means the layer hardly learns; a very wide one means unstable updates.</source>
        <translation>所选层每个权重的梯度分布（最近一个轮次的最后一个批次；横轴止于 |∂L/∂w| 的第 99 百分位数）。0 处的窄尖峰说明这一层几乎不学习；非常宽则说明更新不稳定。</translation>
    </message>
</context>
<context>
    <name>GradientNormPanel</name>
    <message>
        <source>Gradient norm per layer</source>
        <translation>各层梯度范数</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>‖∂L/∂W‖</source>
        <translation>‖∂L/∂W‖</translation>
    </message>
    <message>
        <source>The size of the gradient of the loss with respect to each weight matrix (last batch of each epoch), on a log scale. Below 1e-7 the layer has stopped learning (vanishing gradient); above 1e3 the updates blow up (exploding gradient).</source>
        <translation>损失对每个权重矩阵的梯度大小（每个轮次的最后一个批次），对数坐标。低于 1e-7 说明这一层已停止学习（梯度消失）；高于 1e3 说明更新失控（梯度爆炸）。</translation>
    </message>
    <message>
        <source>vanishing</source>
        <translation>梯度消失</translation>
    </message>
    <message>
        <source>exploding</source>
        <translation>梯度爆炸</translation>
    </message>
</context>
<context>
    <name>HealthBanner</name>
    <message>
        <source>Health: nothing to report. A rising loss, divergence, dead ReLUs and vanishing or exploding gradients are watched while training.</source>
        <translation>训练状态：一切正常。训练时会监视损失上升、发散、ReLU 神经元死亡以及梯度消失或爆炸。</translation>
    </message>
    <message>
        <source>Clear these alerts</source>
        <translation>清除这些提示</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>错误：</translation>
    </message>
    <message>
        <source>Warning:</source>
        <translation>警告：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>提示：</translation>
    </message>
    <message>
        <source>(+{} more: hover to read all)</source>
        <translation>（另有 {} 条：悬停查看全部）</translation>
    </message>
</context>
<context>
    <name>ImagePreview</name>
    <message>
        <source>sample images: one row per class</source>
        <translation>样本图像：每个类别一行</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>界面语言(&amp;L)</translation>
    </message>
    <message>
        <source>System default ({})</source>
        <translation>跟随系统（{}）</translation>
    </message>
</context>
<context>
    <name>LayerPalette</name>
    <message>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Regularization</source>
        <translation>正则化</translation>
    </message>
</context>
<context>
    <name>LayerProperties</name>
    <message>
        <source>Change this layer to another type of the same group, keeping its place in the network</source>
        <translation>将这一层换成同组的另一种类型，位置保持不变</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Frozen: no updates while training</source>
        <translation>冻结：训练时不更新</translation>
    </message>
    <message>
        <source>A frozen layer keeps its weights and biases: the optimizer skips them (momentum and weight decay too). Saved in the experiment file; toggling it during a run applies from the next step and is marked on the loss plot.</source>
        <translation>冻结的层保持其权重和偏置不变：优化器跳过它们（动量和权重衰减也不作用）。保存在实验文件中；运行中切换时从下一步起生效，并在损失图上标出。</translation>
    </message>
    <message>
        <source>No layer selected</source>
        <translation>未选中层</translation>
    </message>
    <message>
        <source>Select a layer card in the network to edit its settings here.</source>
        <translation>在网络中选中一个层卡片，即可在此编辑它的设置。</translation>
    </message>
    <message>
        <source>Layer {} · {}</source>
        <translation>第 {} 层 · {}</translation>
    </message>
    <message>
        <source>{} has no settings.</source>
        <translation>{} 没有可设置的参数。</translation>
    </message>
    <message>
        <source>set {} {}</source>
        <translation>设置{}的{}</translation>
    </message>
    <message>
        <source>change layer {} to {}</source>
        <translation>将第 {} 层改为{}</translation>
    </message>
</context>
<context>
    <name>LearningRatePanel</name>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>迭代</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>The step size of gradient descent used at each iteration, as the schedule sets it. Dashed purple lines mark where you changed the learning rate or the schedule while training.</source>
        <translation>每次迭代所用的梯度下降步长（由学习率调度决定）。紫色虚线标出训练中你修改学习率或调度的位置。</translation>
    </message>
    <message>
        <source>iteration {}
learning rate {}</source>
        <translation>第 {} 次迭代
学习率 {}</translation>
    </message>
</context>
<context>
    <name>LessonOutcome</name>
    <message>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>training accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>training RMSE</source>
        <translation>训练 RMSE</translation>
    </message>
    <message>
        <source>validation RMSE</source>
        <translation>验证 RMSE</translation>
    </message>
    <message>
        <source>training R²</source>
        <translation>训练 R²</translation>
    </message>
    <message>
        <source>validation R²</source>
        <translation>验证 R²</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>iterations per epoch</source>
        <translation>每轮迭代次数</translation>
    </message>
    <message>
        <source>iterations in the run</source>
        <translation>本次运行的迭代次数</translation>
    </message>
    <message>
        <source>epochs run</source>
        <translation>已运行轮次</translation>
    </message>
    <message>
        <source>how the run ended</source>
        <translation>运行如何结束</translation>
    </message>
    <message>
        <source> (first epoch)</source>
        <translation>（第一轮）</translation>
    </message>
    <message>
        <source>first epoch</source>
        <translation>第一轮</translation>
    </message>
    <message>
        <source>last epoch</source>
        <translation>最后一轮</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>已提前停止</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>epoch {}</source>
        <translation>第 {} 轮</translation>
    </message>
    <message>
        <source>not measured yet; train to see it.</source>
        <translation>尚未测量；训练后即可看到。</translation>
    </message>
    <message>
        <source>needs a run to compare with; train the previous page&apos;s experiment first.</source>
        <translation>需要一次运行作比较；请先训练上一页的实验。</translation>
    </message>
    <message>
        <source>this run did not record it.</source>
        <translation>这次运行没有记录它。</translation>
    </message>
    <message>
        <source>{}: {} {}</source>
        <translation>{}：{} {}</translation>
    </message>
    <message>
        <source>the first weight layer</source>
        <translation>第一个权重层</translation>
    </message>
    <message>
        <source>the last weight layer</source>
        <translation>最后一个权重层</translation>
    </message>
    <message>
        <source>{}× smaller</source>
        <translation>小 {} 倍</translation>
    </message>
    <message>
        <source>{} ({})</source>
        <translation>{}（{}）</translation>
    </message>
    <message>
        <source>{} {}: {}</source>
        <translation>{} {}：{}</translation>
    </message>
    <message>
        <source>share of dead ReLU units after {}</source>
        <translation>{} 之后死亡 ReLU 神经元的比例</translation>
    </message>
    <message>
        <source>gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <source>weight norm</source>
        <translation>权重范数</translation>
    </message>
    <message>
        <source>update ratio ‖ΔW‖/‖W‖</source>
        <translation>更新比 ‖ΔW‖/‖W‖</translation>
    </message>
    <message>
        <source> (epoch {})</source>
        <translation>（第 {} 轮）</translation>
    </message>
    <message>
        <source>expected at least {}× smaller</source>
        <translation>预期至少小 {} 倍</translation>
    </message>
    <message>
        <source>{}× larger</source>
        <translation>大 {} 倍</translation>
    </message>
    <message>
        <source>expected at least {}× larger</source>
        <translation>预期至少大 {} 倍</translation>
    </message>
    <message>
        <source>ratio {}</source>
        <translation>比值 {}</translation>
    </message>
    <message>
        <source>expected {} {}</source>
        <translation>预期 {} {}</translation>
    </message>
    <message>
        <source>{} — {} = {} = {}</source>
        <translation>{} — {} = {} = {}</translation>
    </message>
    <message>
        <source>{} (expected {})</source>
        <translation>{}（预期 {}）</translation>
    </message>
    <message>
        <source>{} (expected {} {})</source>
        <translation>{}（预期 {} {}）</translation>
    </message>
    <message>
        <source>this run</source>
        <translation>本次运行</translation>
    </message>
    <message>
        <source>the previous run</source>
        <translation>上一次运行</translation>
    </message>
    <message>
        <source>{} {}, {} {} — {}</source>
        <translation>{} {}，{} {} — {}</translation>
    </message>
    <message>
        <source>first-layer {}</source>
        <translation>第一层{}</translation>
    </message>
    <message>
        <source>weight layer {}</source>
        <translation>权重层 {}</translation>
    </message>
    <message>
        <source>last-layer {}</source>
        <translation>最后一层{}</translation>
    </message>
    <message>
        <source>{} of weight layer {}</source>
        <translation>权重层 {1} 的{0}</translation>
    </message>
</context>
<context>
    <name>LessonsDock</name>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Lesson: {}</source>
        <translation>课程：{}</translation>
    </message>
    <message>
        <source>⚠ {} (cannot be read)</source>
        <translation>⚠ {}（无法读取）</translation>
    </message>
    <message>
        <source>(no lessons installed)</source>
        <translation>（未安装课程）</translation>
    </message>
    <message>
        <source>Open lesson file…</source>
        <translation>打开课程文件…</translation>
    </message>
    <message>
        <source>Open a lesson file from any folder.</source>
        <translation>从任意文件夹打开课程文件。</translation>
    </message>
    <message>
        <source>Open a lesson file</source>
        <translation>打开课程文件</translation>
    </message>
    <message>
        <source>Lesson files (*.json);;All files (*)</source>
        <translation>课程文件 (*.json);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>LessonsPanel</name>
    <message>
        <source>Set up this experiment</source>
        <translation>设置此实验</translation>
    </message>
    <message>
        <source>Load this page&apos;s experiment into the designer (as File › Open does).</source>
        <translation>把本页的实验载入设计器（如同“文件 › 打开”）。</translation>
    </message>
    <message>
        <source>What the run shows</source>
        <translation>运行显示了什么</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Cannot open the lesson</source>
        <translation>无法打开课程</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Choose a lesson from the Lessons menu: each one sets up experiments, says what to do and where to look, and checks what the run shows.</source>
        <translation>从“课程”菜单选择一门课程：每门课程会设置实验，告诉你做什么、看哪里，并检查运行的结果。</translation>
    </message>
    <message>
        <source>Page {} of {}</source>
        <translation>第 {} 页，共 {} 页</translation>
    </message>
    <message>
        <source>Cannot set up the experiment</source>
        <translation>无法设置实验</translation>
    </message>
    <message>
        <source>Lesson experiment set up: {}</source>
        <translation>已设置课程实验：{}</translation>
    </message>
    <message>
        <source>A run is in progress</source>
        <translation>正在进行一次运行</translation>
    </message>
    <message>
        <source>Setting up this experiment stops the training run in progress (it is kept in Compare runs).</source>
        <translation>设置此实验会停止正在进行的训练运行（该运行保留在“比较运行”中）。</translation>
    </message>
    <message>
        <source>Stop the run and set up</source>
        <translation>停止运行并设置</translation>
    </message>
    <message>
        <source>You set up a lesson&apos;s experiment.</source>
        <translation>你设置了课程中的实验。</translation>
    </message>
</context>
<context>
    <name>LossLandscapePanel</name>
    <message>
        <source>{0} × {1}</source>
        <translation>{0} × {1}</translation>
    </message>
    <message>
        <source>Grid points per side: the loss is computed once per point</source>
        <translation>每边的网格点数：每个点计算一次损失</translation>
    </message>
    <message>
        <source>resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <source>±{0}</source>
        <translation>±{0}</translation>
    </message>
    <message>
        <source>How far from the current weights, in units of the directions: ±1 shows the valley, ±0.05 zooms on the optimizer&apos;s path</source>
        <translation>离当前权重多远（以方向向量为单位）：±1 显示整个山谷，±0.05 放大优化器的路径</translation>
    </message>
    <message>
        <source>range</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <source>Compute the loss landscape around the run&apos;s latest weights (in the background)</source>
        <translation>在后台计算运行最新权重周围的损失地形</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop computing the loss landscape</source>
        <translation>停止计算损失地形</translation>
    </message>
    <message>
        <source>Resolution:</source>
        <translation>分辨率：</translation>
    </message>
    <message>
        <source>Range:</source>
        <translation>范围：</translation>
    </message>
    <message>
        <source>Train the network, then press Compute.</source>
        <translation>先训练网络，再按“计算”。</translation>
    </message>
    <message>
        <source>There is no prepared run yet: press Train or Step first.</source>
        <translation>还没有准备好的运行：请先按“训练”或“单步”。</translation>
    </message>
    <message>
        <source>Computed before for these weights (from the cache).</source>
        <translation>这些权重之前已计算过（来自缓存）。</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>Computing the loss on {0} × {0} points around the weights of epoch {1}…</source>
        <translation>正在第 {1} 轮权重周围的 {0} × {0} 个点上计算损失…</translation>
    </message>
    <message>
        <source>Press Compute to draw the loss around the weights.</source>
        <translation>按“计算”画出权重周围的损失。</translation>
    </message>
    <message>
        <source>Cancelled: no landscape was computed.</source>
        <translation>已取消：没有计算损失地形。</translation>
    </message>
    <message>
        <source>Weights of epoch {0}; {1} × {1} points on {2} training samples.</source>
        <translation>第 {0} 轮的权重；在 {2} 个训练样本上计算 {1} × {1} 个点。</translation>
    </message>
    <message>
        <source>Loss at the centre (the current weights): {0}</source>
        <translation>中心（当前权重）的损失：{0}</translation>
    </message>
    <message>
        <source>Lowest on the grid: {0}; highest: {1}</source>
        <translation>网格上最低：{0}；最高：{1}</translation>
    </message>
    <message>
        <source>The path ({0} points) lies within α from {1} to {2} and β from {3} to {4}.</source>
        <translation>路径（{0} 个点）位于 α 从 {1} 到 {2}、β 从 {3} 到 {4} 的范围内。</translation>
    </message>
    <message>
        <source>The run has moved on to epoch {0}: press Compute for its weights.</source>
        <translation>运行已进行到第 {0} 轮：按“计算”查看它的权重。</translation>
    </message>
    <message>
        <source>Each point is the loss with the weights moved by α·d₁ + β·d₂: two random directions, every filter (a neuron&apos;s row of weights, a convolution&apos;s filter) scaled to the size of the same filter in the current weights, biases and batch-norm parameters kept (Li et al., 2018). White cross: the current weights; orange square: where training started; line: one dot per epoch. The path is its shadow on this plane: its weights lie off the plane, so the colour under a dot is not the loss the run had there. Random directions are nearly at right angles to the path, so the shadow is short: choose Range ±0.05 to see it.</source>
        <translation>每个点是权重移动 α·d₁ + β·d₂ 后的损失：两个随机方向，每个滤波器（一个神经元的一行权重，或卷积的一个滤波器）缩放到当前权重中同一滤波器的大小，偏置和批归一化参数保持不变（Li 等，2018）。白色十字：当前权重；橙色方块：训练开始处；折线：每轮一个点。路径是它在这个平面上的投影：它的权重不在平面上，所以点下的颜色并不是运行当时的损失。随机方向几乎与路径垂直，投影很短：选择范围 ±0.05 才能看清。</translation>
    </message>
    <message>
        <source>Loss landscape</source>
        <translation>损失地形</translation>
    </message>
    <message>
        <source>α (along direction 1)</source>
        <translation>α（沿方向 1）</translation>
    </message>
    <message>
        <source>β (along direction 2)</source>
        <translation>β（沿方向 2）</translation>
    </message>
    <message>
        <source>The loss L(θ + α·d₁ + β·d₂) around the latest weights θ (the white cross) along two random directions d₁, d₂, each filter scaled to the size of the same filter in θ (Li et al., 2018); colour: log₁₀ of the loss. The line is the optimizer&apos;s path, one dot per epoch, projected on this plane.</source>
        <translation>最新权重 θ（白色十字）周围沿两个随机方向 d₁、d₂ 的损失 L(θ + α·d₁ + β·d₂)，每个滤波器缩放到 θ 中同一滤波器的大小（Li 等，2018）；颜色：损失的 log₁₀。折线是优化器的路径，每轮一个点，投影在这个平面上。</translation>
    </message>
    <message>
        <source>log₁₀ loss</source>
        <translation>log₁₀ 损失</translation>
    </message>
</context>
<context>
    <name>LossPanel</name>
    <message>
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>迭代</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>The loss after every iteration (faint), its moving average (bold; set the smoothing with the slider), and per epoch the mean training loss (dots) and the validation loss (dashed). The loss should fall; a validation loss that rises while the training loss falls means overfitting. Dashed purple lines mark learning-rate changes.</source>
        <translation>每次迭代后的损失（浅色）、它的滑动平均（粗线；用滑块设置平滑程度），以及每个轮次的平均训练损失（点）和验证损失（虚线）。损失应当下降；训练损失下降而验证损失上升说明过拟合。紫色虚线标出学习率的改变。</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>平滑后</translation>
    </message>
    <message>
        <source>train (epoch)</source>
        <translation>训练（每轮）</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>iteration {}
batch loss {}</source>
        <translation>第 {} 次迭代
批次损失 {}</translation>
    </message>
    <message>
        <source> (min {}, max {})</source>
        <translation>（最小 {}，最大 {}）</translation>
    </message>
    <message>
        <source>
smoothed {}</source>
        <translation>
平滑后 {}</translation>
    </message>
    <message>
        <source>
epoch {}: train {}</source>
        <translation>
第 {} 轮：训练 {}</translation>
    </message>
    <message>
        <source>, validation {}</source>
        <translation>，验证 {}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>the data is not loaded yet</source>
        <translation>数据尚未加载</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>where the samples come from, and a preview</source>
        <translation>样本的来源，以及预览</translation>
    </message>
    <message>
        <source>loss, optimizer, gradient descent, epochs, engine</source>
        <translation>损失函数、优化器、梯度下降、轮次、引擎</translation>
    </message>
    <message>
        <source>Design</source>
        <translation>设计</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>start again from the default experiment</source>
        <translation>从默认实验重新开始</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>open an experiment file (JSON)</source>
        <translation>打开实验文件（JSON）</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>save the experiment</source>
        <translation>保存实验</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>save the experiment to a new file</source>
        <translation>把实验保存到新文件</translation>
    </message>
    <message>
        <source>Open &amp;Model…</source>
        <translation>打开模型(&amp;M)…</translation>
    </message>
    <message>
        <source>open trained weights (.npz or .safetensors) with the experiment that made them</source>
        <translation>打开训练好的权重（.npz 或 .safetensors）及产生它们的实验</translation>
    </message>
    <message>
        <source>&amp;Export Weights…</source>
        <translation>导出权重(&amp;E)…</translation>
    </message>
    <message>
        <source>save the trained weights as NumPy .npz, safetensors, ONNX or a NumPy script</source>
        <translation>把训练好的权重保存为 NumPy .npz、safetensors、ONNX 或 NumPy 脚本</translation>
    </message>
    <message>
        <source>&amp;Predict on CSV…</source>
        <translation>用 CSV 预测(&amp;P)…</translation>
    </message>
    <message>
        <source>run the trained network on the rows of a CSV file and save its predictions</source>
        <translation>用训练好的网络对 CSV 文件的各行做预测，并保存预测结果</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>close the workbench</source>
        <translation>关闭工作台</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Examples</source>
        <translation>示例(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Concepts…</source>
        <translation>概念(&amp;C)…</translation>
    </message>
    <message>
        <source>neurons, weights, layers, loss, gradient descent…</source>
        <translation>神经元、权重、层、损失函数、梯度下降…</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>{} (example)</source>
        <translation>{}（示例）</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>the engine runs here</source>
        <translation>引擎在这里运行</translation>
    </message>
    <message>
        <source>GPU unavailable: {}</source>
        <translation>GPU 不可用：{}</translation>
    </message>
    <message>
        <source>Cannot train: {}</source>
        <translation>无法训练：{}</translation>
    </message>
    <message>
        <source>The data cannot be loaded: {}</source>
        <translation>无法加载数据：{}</translation>
    </message>
    <message>
        <source>The data is still loading.</source>
        <translation>数据仍在加载。</translation>
    </message>
    <message>
        <source>The data is not loaded yet.</source>
        <translation>数据尚未加载。</translation>
    </message>
    <message>
        <source>The GPU backend is not available: {}.</source>
        <translation>GPU 后端不可用：{}。</translation>
    </message>
    <message>
        <source>About {}</source>
        <translation>关于{}</translation>
    </message>
    <message>
        <source>Open experiment</source>
        <translation>打开实验</translation>
    </message>
    <message>
        <source>Save experiment as</source>
        <translation>实验另存为</translation>
    </message>
    <message>
        <source>Open a data file</source>
        <translation>打开数据文件</translation>
    </message>
    <message>
        <source>Data files (*.csv *.tsv *.txt *.npz);;All files (*)</source>
        <translation>数据文件 (*.csv *.tsv *.txt *.npz);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>“{}” has unsaved changes. Save them first?</source>
        <translation>“{}”有未保存的更改。先保存吗？</translation>
    </message>
</context>
<context>
    <name>MetricPanel</name>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Share of correctly classified samples after each epoch, on the training set (solid) and on the validation set (dashed). For regression: the root-mean-square error (left axis) and R², the share of the target&apos;s variance explained (right axis, 1 is perfect).</source>
        <translation>每个轮次后被正确分类的样本比例，训练集（实线）和验证集（虚线）。回归：均方根误差（左轴）和 R²，即目标方差被解释的比例（右轴，1 为完美）。</translation>
    </message>
    <message>
        <source>RMSE and R²</source>
        <translation>RMSE 与 R²</translation>
    </message>
    <message>
        <source>R²</source>
        <translation>R²</translation>
    </message>
    <message>
        <source>RMSE train</source>
        <translation>训练 RMSE</translation>
    </message>
    <message>
        <source>RMSE validation</source>
        <translation>验证 RMSE</translation>
    </message>
    <message>
        <source>epoch {}</source>
        <translation>第 {} 轮</translation>
    </message>
</context>
<context>
    <name>ModelActions</name>
    <message>
        <source>Train the network first (or open a model file): there are no trained weights yet. Press Train on the Train tab and let at least one epoch finish, or use File › Open Model… to load weights saved earlier.</source>
        <translation>请先训练网络（或打开模型文件）：目前还没有训练好的权重。在“训练”标签页按“训练”并至少完成一个轮次，或用“文件 › 打开模型…”加载之前保存的权重。</translation>
    </message>
    <message>
        <source>weights from the model file {}</source>
        <translation>来自模型文件 {} 的权重</translation>
    </message>
    <message>
        <source>the latest weights of run “{}” (after epoch {})</source>
        <translation>运行“{}”的最新权重（第 {} 轮之后）</translation>
    </message>
    <message>
        <source>Cannot open the model</source>
        <translation>无法打开模型</translation>
    </message>
    <message>
        <source>{}: the stored experiment cannot be used: {}</source>
        <translation>{}：其中保存的实验无法使用：{}</translation>
    </message>
    <message>
        <source>Opened the model {} ({} weights): Predict on CSV…, Export Weights…, or Train to continue from these weights</source>
        <translation>已打开模型 {}（{} 个权重）：可“用 CSV 预测…”、“导出权重…”，或从这些权重继续训练</translation>
    </message>
    <message>
        <source>Cannot export the weights</source>
        <translation>无法导出权重</translation>
    </message>
    <message>
        <source>notebook</source>
        <translation>笔记本</translation>
    </message>
    <message>
        <source>PyTorch script</source>
        <translation>PyTorch 脚本</translation>
    </message>
    <message>
        <source>{0}: Export Weights writes the weights (.npz, .safetensors, .onnx or a NumPy .py script); the training as a {1} comes from the command line: nn-workbench export EXPERIMENT.json --format {2} -o {0}</source>
        <translation>{0}：“导出权重”只写出权重（.npz、.safetensors、.onnx 或 NumPy .py 脚本）；把训练过程导出为{1}请使用命令行：nn-workbench export EXPERIMENT.json --format {2} -o {0}</translation>
    </message>
    <message>
        <source>{}: cannot be written ({}).</source>
        <translation>{}：无法写入（{}）。</translation>
    </message>
    <message>
        <source>Exported the weights to {} and {}</source>
        <translation>权重已导出到 {} 和 {}</translation>
    </message>
    <message>
        <source>Exported the weights to {}</source>
        <translation>权重已导出到 {}</translation>
    </message>
    <message>
        <source>Cannot predict</source>
        <translation>无法预测</translation>
    </message>
    <message>
        <source>Open a model file</source>
        <translation>打开模型文件</translation>
    </message>
    <message>
        <source>Export the trained weights</source>
        <translation>导出训练好的权重</translation>
    </message>
</context>
<context>
    <name>NetworkDesigner</name>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Data flows top to bottom. Drop layers between the cards; drag a card to move it; Delete removes, Ctrl+D duplicates, right-click for more.</source>
        <translation>数据自上而下流动。把层拖放到卡片之间；拖动卡片可移动；Delete 删除，Ctrl+D 复制，右键查看更多。</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Layer palette</source>
        <translation>层面板</translation>
    </message>
    <message>
        <source>Drag into the network, or double-click to add after the selected layer.</source>
        <translation>拖入网络，或双击添加到选中层之后。</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Activation function</source>
        <translation>激活函数</translation>
    </message>
</context>
<context>
    <name>NetworkEditor</name>
    <message>
        <source>Remove layer</source>
        <translation>删除层</translation>
    </message>
    <message>
        <source>Duplicate layer</source>
        <translation>复制层</translation>
    </message>
    <message>
        <source>Move layer up</source>
        <translation>上移层</translation>
    </message>
    <message>
        <source>Move layer down</source>
        <translation>下移层</translation>
    </message>
    <message>
        <source>images, {} channel(s) of {}×{}</source>
        <translation>图像，{} 个通道，{}×{}</translation>
    </message>
    <message>
        <source>{} feature(s)</source>
        <translation>{} 个特征</translation>
    </message>
    <message>
        <source>features of the data</source>
        <translation>数据的特征</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>default settings</source>
        <translation>默认设置</translation>
    </message>
    <message>
        <source>no settings</source>
        <translation>无设置</translation>
    </message>
    <message>
        <source>frozen · </source>
        <translation>已冻结 · </translation>
    </message>
    <message>
        <source>{} param(s)</source>
        <translation>{} 个参数</translation>
    </message>
    <message>
        <source>no params</source>
        <translation>无参数</translation>
    </message>
    <message>
        <source>&lt;b&gt;{}&lt;/b&gt; (layer {})</source>
        <translation>&lt;b&gt;{}&lt;/b&gt;（第 {} 层）</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>the task needs {} class(es)</source>
        <translation>任务需要 {} 个类别</translation>
    </message>
    <message>
        <source>the task needs {} target value(s)</source>
        <translation>任务需要 {} 个目标值</translation>
    </message>
    <message>
        <source>add {}</source>
        <translation>添加{}</translation>
    </message>
    <message>
        <source>move {}</source>
        <translation>移动{}</translation>
    </message>
    <message>
        <source>remove {}</source>
        <translation>删除{}</translation>
    </message>
    <message>
        <source>duplicate {}</source>
        <translation>复制{}</translation>
    </message>
</context>
<context>
    <name>NetworkPanel</name>
    <message>
        <source>{} most active of {}</source>
        <translation>最活跃 {0}/{1}</translation>
    </message>
    <message>
        <source>({} shown)</source>
        <translation>（显示 {} 个）</translation>
    </message>
    <message>
        <source>frozen</source>
        <translation>已冻结</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>The network: input features on the left, one column of neurons per dense layer (the layers after it, e.g. ReLU, are named underneath). Connections are blue for positive and orange for negative weights, thicker for larger |w|; a neuron&apos;s fill shows its bias. A large layer shows its 16 most active neurons (largest mean |output| over the decision boundary&apos;s plane; without neuron maps its first 16) and strongest connections only.</source>
        <translation>网络：左边是输入特征，每个全连接层一列神经元（其后的层，如 ReLU，写在下方）。连接线蓝色表示正权重，橙色表示负权重，|w| 越大线越粗；神经元的填充色表示它的偏置。较大的层只显示最活跃的 16 个神经元（在决策边界平面上平均 |输出| 最大；没有神经元图时显示前 16 个）和最强的连接。</translation>
    </message>
    <message>
        <source>output {}</source>
        <translation>输出 {}</translation>
    </message>
</context>
<context>
    <name>NetworkShapeButtons</name>
    <message>
        <source>Add a hidden layer before the output layer</source>
        <translation>在输出层之前添加一个隐藏层</translation>
    </message>
    <message>
        <source>Remove the last hidden layer</source>
        <translation>移除最后一个隐藏层</translation>
    </message>
    <message>
        <source>add a hidden layer</source>
        <translation>添加一个隐藏层</translation>
    </message>
    <message>
        <source>remove a hidden layer</source>
        <translation>移除一个隐藏层</translation>
    </message>
    <message>
        <source>One more neuron in layer {}</source>
        <translation>第 {} 层增加一个神经元</translation>
    </message>
    <message>
        <source>One neuron less in layer {}</source>
        <translation>第 {} 层减少一个神经元</translation>
    </message>
    <message>
        <source>add a neuron to layer {}</source>
        <translation>给第 {} 层添加一个神经元</translation>
    </message>
    <message>
        <source>remove a neuron from layer {}</source>
        <translation>从第 {} 层移除一个神经元</translation>
    </message>
    <message>
        <source>{} hidden layers</source>
        <translation>{} 个隐藏层</translation>
    </message>
    <message>
        <source>1 hidden layer</source>
        <translation>1 个隐藏层</translation>
    </message>
    <message>
        <source>Stop the run to change the network; a run keeps the network it started with.</source>
        <translation>要修改网络请先停止运行；一次运行保持它开始时的网络。</translation>
    </message>
</context>
<context>
    <name>PaletteSearch</name>
    <message>
        <source>Search layers…</source>
        <translation>搜索层…</translation>
    </message>
    <message>
        <source>Type to filter the palette; Enter adds the first match after the selected layer</source>
        <translation>输入文字筛选层面板；按 Enter 将第一个匹配项添加到选中层之后</translation>
    </message>
</context>
<context>
    <name>ParamForm</name>
    <message>
        <source>Expected: {}</source>
        <translation>应为：{}</translation>
    </message>
    <message>
        <source>set</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>unchecked: none ({})</source>
        <translation>未勾选：无（{}）</translation>
    </message>
</context>
<context>
    <name>PredictDialog</name>
    <message>
        <source>Predict on a CSV file</source>
        <translation>用 CSV 文件预测</translation>
    </message>
    <message>
        <source>Inputs (CSV):</source>
        <translation>输入（CSV）：</translation>
    </message>
    <message>
        <source>no file chosen</source>
        <translation>未选择文件</translation>
    </message>
    <message>
        <source>input CSV file</source>
        <translation>输入 CSV 文件</translation>
    </message>
    <message>
        <source>Choose CSV…</source>
        <translation>选择 CSV…</translation>
    </message>
    <message>
        <source>One row per row of the CSV file, in the same order</source>
        <translation>CSV 文件的每一行对应一行，顺序相同</translation>
    </message>
    <message>
        <source>Save as CSV…</source>
        <translation>另存为 CSV…</translation>
    </message>
    <message>
        <source>Write these predictions to a CSV file (one line per input row, with a header)</source>
        <translation>把这些预测写入 CSV 文件（每个输入行一行，带表头）</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Cannot predict</source>
        <translation>无法预测</translation>
    </message>
    <message>
        <source>Cannot save the predictions</source>
        <translation>无法保存预测结果</translation>
    </message>
    <message>
        <source>{}: cannot be written ({}).</source>
        <translation>{}：无法写入（{}）。</translation>
    </message>
    <message>
        <source>Saved the {} predictions to {}.</source>
        <translation>已把 {} 条预测结果保存到 {}。</translation>
    </message>
    <message>
        <source>Inputs to predict</source>
        <translation>要预测的输入</translation>
    </message>
    <message>
        <source>Save the predictions</source>
        <translation>保存预测结果</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <source>not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Progress of the run over all its iterations (one iteration = one batch: forward pass, backward pass, update; one epoch = one pass over the training set). ETA assumes the current speed.</source>
        <translation>本次运行在全部迭代上的进度（一次迭代 = 一个批次：前向传播、反向传播、更新；一个轮次 = 遍历一次训练集）。预计剩余时间按当前速度估算。</translation>
    </message>
    <message>
        <source>— samples/s</source>
        <translation>— 样本/秒</translation>
    </message>
    <message>
        <source>Training samples processed per second (forward + backward + update), measured over the last epoch</source>
        <translation>每秒处理的训练样本数（前向 + 反向 + 更新），按上一轮测得</translation>
    </message>
    <message>
        <source>elapsed —</source>
        <translation>已用时 —</translation>
    </message>
    <message>
        <source>Time spent training in this run (pauses excluded)</source>
        <translation>本次运行的训练用时（不含暂停）</translation>
    </message>
    <message>
        <source>Where the engine runs: NumPy on the CPU or CuPy on a GPU, and the BLAS library</source>
        <translation>引擎运行的位置：CPU 上的 NumPy 或 GPU 上的 CuPy，以及所用的 BLAS 库</translation>
    </message>
    <message>
        <source>Preparing: {}… {} (Stop cancels)</source>
        <translation>准备中：{}… {}（按“停止”取消）</translation>
    </message>
    <message>
        <source>Preparing: {}… (Stop cancels)</source>
        <translation>准备中：{}…（按“停止”取消）</translation>
    </message>
    <message>
        <source>preparing the data and the network…</source>
        <translation>正在准备数据和网络…</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>ETA {}</source>
        <translation>剩余 {}</translation>
    </message>
    <message>
        <source>epoch {}/{} · iteration {}/{} · {}</source>
        <translation>轮次 {}/{} · 迭代 {}/{} · {}</translation>
    </message>
    <message>
        <source>elapsed {}</source>
        <translation>已用时 {}</translation>
    </message>
    <message>
        <source>Where the engine runs: NumPy on the CPU or CuPy on a GPU, and the BLAS library doing the matrix products.</source>
        <translation>计算引擎在哪里运行：CPU 上的 NumPy 或 GPU 上的 CuPy，以及做矩阵乘法的 BLAS 库。</translation>
    </message>
    <message>
        <source>{} samples/s</source>
        <translation>{} 样本/秒</translation>
    </message>
    <message>
        <source>{} of {} threads</source>
        <translation>{}/{} 个线程</translation>
    </message>
    <message>
        <source>{} of {} thread</source>
        <translation>{}/{} 个线程</translation>
    </message>
    <message>
        <source>While the window is open, training uses {0} of the {1} BLAS threads and leaves a core to the window so that it stays responsive; the status bar and the command line use all {1}.</source>
        <translation>窗口打开时，训练使用 {1} 个 BLAS 线程中的 {0} 个，留一个核心给窗口以保持响应；状态栏和命令行使用全部 {1} 个。</translation>
    </message>
</context>
<context>
    <name>RunExports</name>
    <message>
        <source>epochs</source>
        <translation>按轮次</translation>
    </message>
    <message>
        <source>iterations</source>
        <translation>按迭代</translation>
    </message>
    <message>
        <source>Exported {}.</source>
        <translation>已导出 {}。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Weights…</source>
        <translation>权重…</translation>
    </message>
    <message>
        <source>The trained weights as NumPy .npz, safetensors, ONNX or a NumPy script (File › Export Weights…)</source>
        <translation>将训练好的权重导出为 NumPy .npz、safetensors、ONNX 或 NumPy 脚本（文件 › 导出权重…）</translation>
    </message>
    <message>
        <source>Epoch history as CSV…</source>
        <translation>按轮次的历史记录（CSV）…</translation>
    </message>
    <message>
        <source>Iteration history as CSV…</source>
        <translation>按迭代的历史记录（CSV）…</translation>
    </message>
    <message>
        <source>{} as PNG/SVG…</source>
        <translation>{}（PNG/SVG）…</translation>
    </message>
    <message>
        <source>There is no run to export yet: press Train first.</source>
        <translation>还没有可导出的运行：请先按“训练”。</translation>
    </message>
    <message>
        <source>Export the {} history</source>
        <translation>导出{}的历史记录</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Exporting the {} history to {}…</source>
        <translation>正在把{}的历史记录导出到 {}…</translation>
    </message>
    <message>
        <source>Save “{}”</source>
        <translation>保存“{}”</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>Exporting weights needs the main window.</source>
        <translation>导出权重需要主窗口。</translation>
    </message>
</context>
<context>
    <name>RunList</name>
    <message>
        <source>data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Every run of this session, newest first. The current run is drawn alone; tick other runs to overlay their loss and accuracy curves, e.g. to compare SGD, momentum and Adam from the same initial weights (Reset keeps the seed). Each run is named by its optimizer, learning rate, seed, data and network.</source>
        <translation>本次会话的所有运行，最新的在前。当前运行单独绘制；勾选其他运行可叠加它们的损失和准确率曲线，例如从相同的初始权重比较 SGD、动量法和 Adam（“重置”保留随机种子）。每个运行以其优化器、学习率、随机种子、数据和网络命名。</translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation>比较运行</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Forget the selected finished run</source>
        <translation>移除选中的已结束运行</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Forget every finished run</source>
        <translation>移除所有已结束的运行</translation>
    </message>
    <message>
        <source>the current run (always drawn)</source>
        <translation>当前运行（总是绘制）</translation>
    </message>
    <message>
        <source>other {} than the current run: its curves are not directly comparable</source>
        <translation>与当前运行的{}不同：曲线不能直接比较</translation>
    </message>
    <message>
        <source>tick to overlay this run&apos;s curves on the current run&apos;s</source>
        <translation>勾选以把这次运行的曲线叠加到当前运行上</translation>
    </message>
    <message>
        <source>⚠ #{} ran on other {}: its curves do not compare directly with the current run&apos;s.</source>
        <translation>⚠ #{} 使用了不同的{}：它的曲线不能与当前运行直接比较。</translation>
    </message>
    <message>
        <source> and </source>
        <translation>和</translation>
    </message>
</context>
<context>
    <name>RunRecord</name>
    <message>
        <source>preparing</source>
        <translation>准备中</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>running</source>
        <translation>训练中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>early stopping</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>loss {}</source>
        <translation>损失 {}</translation>
    </message>
    <message>
        <source>{} ep</source>
        <translation>{} 轮</translation>
    </message>
    <message>
        <source>acc {}</source>
        <translation>准确率 {}</translation>
    </message>
    <message>
        <source>rmse {}</source>
        <translation>RMSE {}</translation>
    </message>
</context>
<context>
    <name>RunsBrowser</name>
    <message>
        <source>Filter: name, data, network, optimizer, tag, note…</source>
        <translation>筛选：名称、数据、网络、优化器、标签、备注…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>read the runs folder again (runs recorded by the command line or a sweep appear)</source>
        <translation>重新读取运行文件夹（命令行或参数扫描记录的运行会出现）</translation>
    </message>
    <message>
        <source>Every recorded run. Click a header to sort; select two or more runs (Ctrl or Shift) to compare their curves.</source>
        <translation>所有已记录的运行。单击表头排序；选择两个或更多运行（按住 Ctrl 或 Shift）以比较它们的曲线。</translation>
    </message>
    <message>
        <source>baseline, best lr</source>
        <translation>基线, 最佳学习率</translation>
    </message>
    <message>
        <source>tags, separated by commas</source>
        <translation>标签，用逗号分隔</translation>
    </message>
    <message>
        <source>what this run was for, what you saw</source>
        <translation>这次运行的目的，以及你观察到的现象</translation>
    </message>
    <message>
        <source>Save Tags and Note</source>
        <translation>保存标签和备注</translation>
    </message>
    <message>
        <source>Open in Designer</source>
        <translation>在设计器中打开</translation>
    </message>
    <message>
        <source>put this run&apos;s experiment and trained weights into the Design tab (double-click a row does the same)</source>
        <translation>把这次运行的实验和训练好的权重放入“设计”标签页（双击某行也可以）</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>delete the selected runs and their files</source>
        <translation>删除选中的运行及其文件</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>1 run</source>
        <translation>1 个运行</translation>
    </message>
    <message>
        <source>{total} runs</source>
        <translation>{total} 个运行</translation>
    </message>
    <message>
        <source>{shown} of {total} runs</source>
        <translation>{total} 个运行中的 {shown} 个</translation>
    </message>
    <message>
        <source>Select a run to see it, or several to compare them.</source>
        <translation>选择一个运行查看它，或选择多个进行比较。</translation>
    </message>
    <message>
        <source>{n} runs selected: their curves are in the plot.</source>
        <translation>已选择 {n} 个运行：它们的曲线显示在图中。</translation>
    </message>
    <message>
        <source>{}, lr {}, {} epochs ({})</source>
        <translation>{}，学习率 {}，{} 个轮次（{}）</translation>
    </message>
    <message>
        <source>best {}</source>
        <translation>最佳 {}</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>Delete {n} run(s) with their weights and history? This cannot be undone.</source>
        <translation>删除这 {n} 个运行及其权重和历史记录？此操作无法撤销。</translation>
    </message>
</context>
<context>
    <name>RunsTab</name>
    <message>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <source>choose the runs folder (where every run is recorded)</source>
        <translation>选择运行文件夹（每次运行都记录在这里）</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>every run you trained, here or at the command line: compare, tag, open</source>
        <translation>你在这里或命令行中训练过的所有运行：比较、加标签、打开</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>参数扫描</translation>
    </message>
    <message>
        <source>try many values of some fields of this experiment, on all cores</source>
        <translation>在所有 CPU 核心上尝试本实验某些字段的多个取值</translation>
    </message>
    <message>
        <source>Runs folder</source>
        <translation>运行文件夹</translation>
    </message>
    <message>
        <source>Cannot open the run</source>
        <translation>无法打开运行</translation>
    </message>
    <message>
        <source>Opened run {run_id} in the designer</source>
        <translation>已在设计器中打开运行 {run_id}</translation>
    </message>
</context>
<context>
    <name>RunsTableModel</name>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>when the run started</source>
        <translation>运行开始的时间</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>the experiment&apos;s name</source>
        <translation>实验名称</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>the data in a few words</source>
        <translation>数据的简短描述</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>inputs-units-…-outputs and the layer types</source>
        <translation>输入-神经元数-…-输出，以及各层类型</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>epochs trained</source>
        <translation>已训练的轮次</translation>
    </message>
    <message>
        <source>Best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <source>the best validation metric over the epochs (accuracy, or RMSE for regression)</source>
        <translation>各轮次中最好的验证指标（准确率；回归为 RMSE）</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>seconds of training</source>
        <translation>训练用的秒数</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>what started the run: the GUI, train at the command line, or a sweep</source>
        <translation>运行的来源：图形界面、命令行的 train，或参数扫描</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>ScatterPreview</name>
    <message>
        <source>class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>{} classes, one colour each</source>
        <translation>{} 个类别，每类一种颜色</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>colour: target value, {} → {}</source>
        <translation>颜色：目标值，{} → {}</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>the network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>the data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>the loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>the optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>the learning-rate schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>the training settings</source>
        <translation>训练设置</translation>
    </message>
    <message>
        <source>The weights of run #{} at epoch {} are not finite ({}): the run diverged there. Branch from an earlier moment.</source>
        <translation>运行 #{} 在第 {} 轮的权重不是有限值（{}）：运行在那里发散了。请从更早的时刻分支。</translation>
    </message>
    <message>
        <source>the snapshot of run #{} at epoch {}</source>
        <translation>运行 #{} 第 {} 轮的快照</translation>
    </message>
    <message>
        <source> · from #{} epoch {}</source>
        <translation> · 来自 #{} 第 {} 轮</translation>
    </message>
    <message>
        <source>A new run was started.</source>
        <translation>已开始新的运行。</translation>
    </message>
    <message>
        <source>Stopped after {} iterations. {}</source>
        <translation>在 {} 次迭代后停止。{}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>the experiment</source>
        <translation>实验</translation>
    </message>
    <message>
        <source>You changed {}.</source>
        <translation>你修改了{}。</translation>
    </message>
    <message>
        <source>Training stopped because you changed {}; the run is kept in Compare runs. Press Train to start a new run with the change.</source>
        <translation>训练已停止，因为你修改了{}；这次运行保留在“比较运行”中。按“训练”用修改后的设置开始新的运行。</translation>
    </message>
    <message>
        <source>Failed: see the message above.</source>
        <translation>失败：请看上面的消息。</translation>
    </message>
    <message>
        <source>Preparing the run was cancelled.</source>
        <translation>运行的准备已取消。</translation>
    </message>
    <message>
        <source>Cancelled: the run was not prepared.</source>
        <translation>已取消：运行未准备好。</translation>
    </message>
</context>
<context>
    <name>SpeedControl</name>
    <message>
        <source>max</source>
        <translation>最快</translation>
    </message>
    <message>
        <source>1 step/frame</source>
        <translation>1 步/帧</translation>
    </message>
    <message>
        <source>{} steps/s</source>
        <translation>{} 步/秒</translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation>速度：</translation>
    </message>
    <message>
        <source>training speed</source>
        <translation>训练速度</translation>
    </message>
    <message>
        <source>How fast Train runs: from one iteration per redraw of the plots, so that you can watch the network learn, to as fast as possible (max). Small synthetic data sets start at a watchable pace, real data at max; Step, Step epoch and the command line always run at full speed.</source>
        <translation>训练的运行速度：从每次重绘图表只进行一次迭代（便于观察网络的学习过程）到尽可能快（max）。小型合成数据集默认以便于观察的速度开始，真实数据默认最快；“单步”“单轮”和命令行总是全速运行。</translation>
    </message>
</context>
<context>
    <name>StepExplainer</name>
    <message>
        <source>&lt;b&gt;Forward propagation.&lt;/b&gt; Each neuron multiplies the outputs of the previous layer by its weights, adds its bias (the weighted sum z) and passes z through its activation function: a = σ(z). Layer by layer, until the output layer.</source>
        <translation>&lt;b&gt;前向传播。&lt;/b&gt;每个神经元把上一层的输出乘以自己的权重，加上偏置（加权和 z），再让 z 通过激活函数：a = σ(z)。逐层进行，直到输出层。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Loss function.&lt;/b&gt; The loss measures how far the prediction is from the label; training makes it smaller. The loss of the batch is the mean over its samples.</source>
        <translation>&lt;b&gt;损失函数。&lt;/b&gt;损失衡量预测离标签有多远；训练让它变小。一个批次的损失是其中各样本损失的平均值。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Back propagation.&lt;/b&gt; From the last layer to the first, the chain rule gives every neuron&apos;s δ = ∂L/∂z. A weight&apos;s gradient is δ of the neuron it enters times a of the neuron it leaves: ∂L/∂w = δ·a (summed over the batch); a bias&apos;s gradient is ∂L/∂b = δ.</source>
        <translation>&lt;b&gt;反向传播。&lt;/b&gt;从最后一层到第一层，链式法则给出每个神经元的 δ = ∂L/∂z。一个权重的梯度等于它进入的神经元的 δ 乘以它离开的神经元的 a：∂L/∂w = δ·a（在批次上求和）；偏置的梯度是 ∂L/∂b = δ。</translation>
    </message>
    <message>
        <source>neuron {} of layer {}</source>
        <translation>第 {1} 层的神经元 {0}</translation>
    </message>
    <message>
        <source>Dropout (p = {}) keeps this neuron for this sample and scales it by 1/(1 − p): mask m = {}.</source>
        <translation>Dropout（p = {}）对这个样本保留这个神经元，并把它乘以 1/(1 − p)：掩码 m = {}。</translation>
    </message>
    <message>
        <source>Dropout (p = {}) drops this neuron for this sample: mask m = 0.</source>
        <translation>Dropout（p = {}）对这个样本丢弃这个神经元：掩码 m = 0。</translation>
    </message>
    <message>
        <source>Softmax turns the output layer&apos;s z into class probabilities: p = ({}). The label is class {}; the network gives it p = {}.</source>
        <translation>Softmax 把输出层的 z 变成各类别的概率：p = ({})。标签是类别 {}；网络给它的概率 p = {}。</translation>
    </message>
    <message>
        <source>Layer {} is frozen: its weights do not change (Δw = 0).</source>
        <translation>第 {} 层已冻结：它的权重不变（Δw = 0）。</translation>
    </message>
    <message>
        <source>No activation function follows this layer:</source>
        <translation>这一层后面没有激活函数：</translation>
    </message>
    <message>
        <source>Input features have no weights of their own: choose a neuron of a layer to see its gradients.</source>
        <translation>输入特征没有自己的权重：选择某一层的神经元来查看它的梯度。</translation>
    </message>
    <message>
        <source>The convolution and pooling layers before are not drawn: the first column is their flattened output, {} values.</source>
        <translation>前面的卷积层和池化层没有画出：第一列是它们展平后的输出，共 {} 个值。</translation>
    </message>
    <message>
        <source>Batch norm over the batch&apos;s samples (mean μ_B, variance σ²_B; learned scale γ and shift β):</source>
        <translation>批归一化，在这一批样本上计算（均值 μ_B、方差 σ²_B；学到的缩放 γ 和平移 β）：</translation>
    </message>
    <message>
        <source>through dropout:</source>
        <translation>经过 Dropout：</translation>
    </message>
    <message>
        <source>through batch norm, whose μ_B and σ²_B depend on every sample of the batch (ẑ = (z − μ_B)/√(σ²_B + ε)):</source>
        <translation>经过批归一化，它的 μ_B 和 σ²_B 取决于这一批的每个样本（ẑ = (z − μ_B)/√(σ²_B + ε)）：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Update (gradient descent).&lt;/b&gt; Every weight and bias moves against its gradient: θ_new = θ_old − α·∇J(θ), α being the learning rate (lr = {}). Momentum and Adam keep a running state per weight that changes the step.</source>
        <translation>&lt;b&gt;更新（梯度下降）。&lt;/b&gt;每个权重和偏置都沿梯度的反方向移动：θ_new = θ_old − α·∇J(θ)，α 是学习率（lr = {}）。动量法和 Adam 为每个权重保存一个会改变步长的运行状态。</translation>
    </message>
    <message>
        <source>Input features have no weights: choose a neuron of a layer.</source>
        <translation>输入特征没有权重：请选择某一层的神经元。</translation>
    </message>
    <message>
        <source>Applied by the engine:</source>
        <translation>引擎实际应用：</translation>
    </message>
    <message>
        <source>input feature {}</source>
        <translation>输入特征 {}</translation>
    </message>
    <message>
        <source>The chosen neuron is {} (click another one in the diagram).</source>
        <translation>选中的神经元是{}（在图中点击另一个可切换）。</translation>
    </message>
    <message>
        <source>The chosen neuron is {}.</source>
        <translation>选中的神经元是{}。</translation>
    </message>
    <message>
        <source>batch norm</source>
        <translation>批归一化</translation>
    </message>
    <message>
        <source>dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>through {}:</source>
        <translation>经过 {}：</translation>
    </message>
    <message>
        <source>Optimizer: {}, step t = {}.</source>
        <translation>优化器：{}，步数 t = {}。</translation>
    </message>
    <message>
        <source>Its weight w&lt;sub&gt;{},{}&lt;/sub&gt; (the largest gradient, g = {}):</source>
        <translation>它的权重 w&lt;sub&gt;{},{}&lt;/sub&gt;（梯度最大，g = {}）：</translation>
    </message>
    <message>
        <source>Its bias:</source>
        <translation>它的偏置：</translation>
    </message>
    <message>
        <source>value {} of the flattened convolution output</source>
        <translation>展平后的卷积输出的第 {} 个值</translation>
    </message>
    <message>
        <source>… ({} more terms)</source>
        <translation>…（还有 {} 项）</translation>
    </message>
    <message>
        <source>The chosen neuron is {}: it passes the sample&apos;s value on.</source>
        <translation>选中的神经元是{}：它把样本的值原样传下去。</translation>
    </message>
    <message>
        <source>through {}</source>
        <translation>经过 {}</translation>
    </message>
    <message>
        <source>Plus the L1/L2 penalty on the weights: {} + {} = {}</source>
        <translation>加上权重的 L1/L2 惩罚：{} + {} = {}</translation>
    </message>
    <message>
        <source>Sigmoid turns the output z into the probability of class 1: p = {}. The label is y = {}.</source>
        <translation>Sigmoid 把输出 z 变成类别 1 的概率：p = {}。标签是 y = {}。</translation>
    </message>
    <message>
        <source>Prediction ŷ = ({}); target y = ({}).</source>
        <translation>预测 ŷ = ({})；目标 y = ({})。</translation>
    </message>
    <message>
        <source>Loss of the batch of {} samples:</source>
        <translation>{} 个样本的批次损失：</translation>
    </message>
    <message>
        <source>bias corrections at step t = {}:</source>
        <translation>第 t = {} 步的偏差修正：</translation>
    </message>
    <message>
        <source>velocity</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>velocity (first step)</source>
        <translation>速度（第一步）</translation>
    </message>
    <message>
        <source>({} samples)</source>
        <translation>（{} 个样本）</translation>
    </message>
</context>
<context>
    <name>StepExplainerDialog</name>
    <message>
        <source>Explain one step</source>
        <translation>讲解一步</translation>
    </message>
    <message>
        <source>1 of 4 · Forward propagation</source>
        <translation>1/4 · 前向传播</translation>
    </message>
    <message>
        <source>2 of 4 · Loss</source>
        <translation>2/4 · 损失</translation>
    </message>
    <message>
        <source>3 of 4 · Back propagation</source>
        <translation>3/4 · 反向传播</translation>
    </message>
    <message>
        <source>4 of 4 · Update</source>
        <translation>4/4 · 更新</translation>
    </message>
    <message>
        <source>Training sample:</source>
        <translation>训练样本：</translation>
    </message>
    <message>
        <source>the run&apos;s next batch</source>
        <translation>运行的下一个批次</translation>
    </message>
    <message>
        <source>Which samples the step is explained on: the batch the run&apos;s next iteration trains on, or one sample of the training set by its index (what one step of stochastic gradient descent on that sample alone would do).</source>
        <translation>在哪些样本上讲解这一步：运行下一次迭代要训练的批次，或按序号选训练集中的一个样本（只在这个样本上做一步随机梯度下降会怎样）。</translation>
    </message>
    <message>
        <source>shown: sample </source>
        <translation>显示：样本 </translation>
    </message>
    <message>
        <source>Which sample of the batch the diagram shows; the gradients and the update are over the whole batch.</source>
        <translation>图中显示批次中的哪个样本；梯度和更新针对整个批次。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>On each neuron: its weighted sum z and activation a. Edges: the weights w (blue positive, orange negative, thicker when larger); the chosen neuron&apos;s largest ones are written on them.</source>
        <translation>每个神经元上：它的加权和 z 和激活值 a。连线：权重 w（蓝色为正，橙色为负，越大越粗）；选中神经元最大的几个权重写在线上。</translation>
    </message>
    <message>
        <source>On each neuron: its activation a; on the output layer the prediction ŷ and the label y.</source>
        <translation>每个神经元上：它的激活值 a；输出层上是预测 ŷ 和标签 y。</translation>
    </message>
    <message>
        <source>On each neuron: δ = ∂L/∂z. Edges: the gradients ∂L/∂w (blue positive, orange negative); the chosen neuron&apos;s largest ones are written on them.</source>
        <translation>每个神经元上：δ = ∂L/∂z。连线：梯度 ∂L/∂w（蓝色为正，橙色为负）；选中神经元最大的几个梯度写在线上。</translation>
    </message>
    <message>
        <source>On each neuron: the change of its bias Δb. Edges: the changes Δw of the weights; the chosen neuron&apos;s largest ones are written on them.</source>
        <translation>每个神经元上：它的偏置变化 Δb。连线：权重的变化 Δw；选中神经元最大的几个变化写在线上。</translation>
    </message>
    <message>
        <source>Click a neuron to choose it: its formulas are written out on the right.</source>
        <translation>点击一个神经元选中它：右侧写出它的公式。</translation>
    </message>
    <message>
        <source>This run has ended: press Explain step in the Train tab to explain a step of the current run.</source>
        <translation>这次运行已结束：在“训练”标签页按“讲解一步”来讲解当前运行的一步。</translation>
    </message>
    <message>
        <source>Computing the step…</source>
        <translation>正在计算这一步…</translation>
    </message>
    <message>
        <source>The run is training: the explanation shows the iteration it was about to run when it paused.</source>
        <translation>运行正在训练：讲解显示的是它暂停时将要运行的那次迭代。</translation>
    </message>
    <message>
        <source>This network has no dense layers to draw: the explainer shows dense layers and their neurons.</source>
        <translation>这个网络没有可画的全连接层：讲解器显示全连接层及其神经元。</translation>
    </message>
    <message>
        <source>Iteration {} of the run, on its next batch of {} (training rows {}). Press Step in the Train tab to apply exactly this update.</source>
        <translation>运行的第 {} 次迭代，在它下一个 {} 个样本的批次上（训练行 {}）。在“训练”标签页按“单步”即可应用正是这次更新。</translation>
    </message>
    <message>
        <source>A step of stochastic gradient descent on this one sample (the run&apos;s own next iteration trains on its batch).</source>
        <translation>在这一个样本上做一步随机梯度下降（运行自己的下一次迭代在它的批次上训练）。</translation>
    </message>
    <message>
        <source>&lt;p&gt;Waiting for the engine…&lt;/p&gt;</source>
        <translation>&lt;p&gt;等待引擎…&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Row {}: flattened convolution output ({} values: {})</source>
        <translation>第 {} 行：展平后的卷积输出（{} 个值：{}）</translation>
    </message>
    <message>
        <source>Row {}: features ({})</source>
        <translation>第 {} 行：特征 ({})</translation>
    </message>
    <message>
        <source>label {}</source>
        <translation>标签 {}</translation>
    </message>
    <message>
        <source>target ({})</source>
        <translation>目标 ({})</translation>
    </message>
    <message>
        <source>Explain step works between iterations: press Step (or Train, then Pause) first, then explain the next iteration.</source>
        <translation>“讲解一步”在两次迭代之间使用：先按“单步”（或“训练”再“暂停”），然后讲解下一次迭代。</translation>
    </message>
    <message>
        <source>flattened conv. output</source>
        <translation>展平后的卷积输出</translation>
    </message>
    <message>
        <source>frozen: no update</source>
        <translation>已冻结：不更新</translation>
    </message>
</context>
<context>
    <name>SweepPanel</name>
    <message>
        <source>Sweep the current experiment: each row varies one field, named by its JSON path, over the values you list (separated by commas). Every combination runs, each run is recorded in the Runs tab.</source>
        <translation>对当前实验做参数扫描：每一行按 JSON 路径指定一个字段，取你列出的各个值（用逗号分隔）。每种组合都会运行，每次运行都记录在“运行记录”标签页中。</translation>
    </message>
    <message>
        <source>Field (JSON path)</source>
        <translation>字段（JSON 路径）</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>Add Field</source>
        <translation>添加字段</translation>
    </message>
    <message>
        <source>Remove Field</source>
        <translation>删除字段</translation>
    </message>
    <message>
        <source>runs per combination, each with the next seed</source>
        <translation>每种组合运行的次数，每次使用下一个随机种子</translation>
    </message>
    <message>
        <source>worker processes on this computer</source>
        <translation>本机上的工作进程数</translation>
    </message>
    <message>
        <source>maximize</source>
        <translation>越大越好</translation>
    </message>
    <message>
        <source>minimize</source>
        <translation>越小越好</translation>
    </message>
    <message>
        <source>Start Sweep</source>
        <translation>开始扫描</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Not started.</source>
        <translation>尚未开始。</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>重复次数</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <source>Rank by</source>
        <translation>排序依据</translation>
    </message>
    <message>
        <source>Add a field to vary (for example optimizer.lr).</source>
        <translation>请添加一个要变化的字段（例如 optimizer.lr）。</translation>
    </message>
    <message>
        <source>Running {total} runs on {workers} worker(s); results in {out}</source>
        <translation>正在用 {workers} 个工作进程运行 {total} 个运行；结果保存在 {out}</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>{done} of {total} runs finished{best}</source>
        <translation>{total} 个运行中已完成 {done} 个{best}</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>; best: run {n}, {metric} {value:.4g} (run {run_id})</source>
        <translation>；最佳：第 {n} 个运行，{metric} {value:.4g}（运行 {run_id}）</translation>
    </message>
    <message>
        <source>{what}: {done} of {total} runs{best}. Results: {out}</source>
        <translation>{what}：{total} 个运行中的 {done} 个{best}。结果：{out}</translation>
    </message>
</context>
<context>
    <name>TablePreview</name>
    <message>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>特征数</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Classes ({})</source>
        <translation>类别（{}）</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>, … ({} more)</source>
        <translation>，…（另有 {} 个）</translation>
    </message>
    <message>
        <source>Feature names</source>
        <translation>特征名</translation>
    </message>
</context>
<context>
    <name>TimelineBar</name>
    <message>
        <source>Timeline:</source>
        <translation>时间轴：</translation>
    </message>
    <message>
        <source>timeline</source>
        <translation>时间轴</translation>
    </message>
    <message>
        <source>Drag back to see the network as it was at a kept moment: the decision boundary, neuron maps, network diagram, weight matrix and histograms show that moment, and the loss plots mark it. The right end follows the run live. The run keeps its initial weights and up to 200 epoch ends, dense early and sparser later.</source>
        <translation>向回拖动，查看网络在某个保存时刻的样子：决策边界、神经元图、网络图、权重矩阵和直方图显示那一刻，损失图上标出它。最右端实时跟随运行。运行保存初始权重和最多 200 个轮次结束时的快照，前期密、后期疏。</translation>
    </message>
    <message>
        <source>Live · epoch {0} · {1} snapshots</source>
        <translation>实时 · 第 {0} 轮 · {1} 个快照</translation>
    </message>
    <message>
        <source>Epoch {0} · iteration {1}</source>
        <translation>第 {0} 轮 · 第 {1} 次迭代</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Follow the run again (the slider&apos;s right end)</source>
        <translation>重新跟随运行（滑块最右端）</translation>
    </message>
    <message>
        <source>Branch from here</source>
        <translation>从这里分支</translation>
    </message>
    <message>
        <source>Start a new run from the weights of the moment shown, with the current settings (for example another optimizer); it is compared with this run in Compare runs</source>
        <translation>用所显示时刻的权重和当前设置（例如换一个优化器）开始新的运行；它在“比较运行”中与这次运行比较</translation>
    </message>
    <message>
        <source>No snapshots</source>
        <translation>没有快照</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Batch</source>
        <translation>批量</translation>
    </message>
    <message>
        <source>Batch gradient descent (BGD): every iteration computes the gradient on all training samples.
Pros: stable training; converges to the global minimum for convex losses.
Cons: heavy computation, slow, unsuited to large data sets.</source>
        <translation>批量梯度下降（BGD）：每次迭代使用所有训练样本计算梯度。
优点：训练稳定；对凸损失函数能收敛到全局最小值。
缺点：计算量大，速度慢，不适合大数据集。</translation>
    </message>
    <message>
        <source>Batch: each iteration uses every training sample — stable but slow on large data.</source>
        <translation>批量：每次迭代使用所有训练样本——稳定，但在大数据上很慢。</translation>
    </message>
    <message>
        <source>Stochastic</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Stochastic gradient descent (SGD): every iteration uses one randomly chosen training sample.
Pros: fast, suits large data sets, may jump out of local minima.
Cons: the training curve fluctuates a lot and settles less easily.</source>
        <translation>随机梯度下降（SGD）：每次迭代只使用一个随机选择的训练样本。
优点：速度快，适合大数据集，可能跳出局部最小值。
缺点：训练曲线波动大，不易稳定。</translation>
    </message>
    <message>
        <source>Stochastic: each iteration uses one random sample — fast but noisy.</source>
        <translation>随机：每次迭代使用一个随机样本——快，但噪声大。</translation>
    </message>
    <message>
        <source>Mini-batch</source>
        <translation>小批量</translation>
    </message>
    <message>
        <source>Mini-batch gradient descent (MBGD): every iteration uses a small random subset of the training samples (a mini-batch).
Pros: combines the stability of batch and the speed of stochastic descent.
Cons: the mini-batch size has to be chosen.</source>
        <translation>小批量梯度下降（MBGD）：每次迭代使用一小部分随机选择的训练样本（一个 mini-batch）。
优点：兼具批量梯度下降的稳定和随机梯度下降的速度。
缺点：需要选择小批量大小。</translation>
    </message>
    <message>
        <source>Mini-batch: each iteration uses a small random subset — the usual compromise.</source>
        <translation>小批量：每次迭代使用一小部分随机样本——通常的折中方案。</translation>
    </message>
    <message>
        <source>One iteration is one forward and back propagation on one batch; one epoch is one pass over the whole training set.</source>
        <translation>一次迭代是在一个批次上进行一次前向传播和反向传播；一个轮次（epoch）是完整遍历一次训练集。</translation>
    </message>
    <message>
        <source>L1 penalty</source>
        <translation>L1 惩罚</translation>
    </message>
    <message>
        <source>L2 penalty</source>
        <translation>L2 惩罚</translation>
    </message>
    <message>
        <source>Early-stop patience (0 = off)</source>
        <translation>早停耐心值（0 = 关闭）</translation>
    </message>
    <message>
        <source>Restore best weights</source>
        <translation>恢复最佳权重</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Shuffle each epoch</source>
        <translation>每轮打乱顺序</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Epsilon (ε)</source>
        <translation>数值稳定项（ε）</translation>
    </message>
    <message>
        <source>Betas (β1, β2)</source>
        <translation>衰减率（β1, β2）</translation>
    </message>
    <message>
        <source>Learning-rate decay</source>
        <translation>学习率衰减</translation>
    </message>
    <message>
        <source>Period (T_max)</source>
        <translation>周期（T_max）</translation>
    </message>
    <message>
        <source>Minimum lr</source>
        <translation>最小学习率</translation>
    </message>
    <message>
        <source>Gamma (factor)</source>
        <translation>Gamma（系数）</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning-rate schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>Gradient descent</source>
        <translation>梯度下降</translation>
    </message>
    <message>
        <source>Mini-batch size</source>
        <translation>小批量大小</translation>
    </message>
    <message>
        <source>samples in each mini-batch (one iteration)</source>
        <translation>每个小批量中的样本数（一次迭代）</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>float32 (fast, default)</source>
        <translation>float32（快，默认）</translation>
    </message>
    <message>
        <source>float64 (precise, slower)</source>
        <translation>float64（精确，较慢）</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Auto — {}</source>
        <translation>自动 — {}</translation>
    </message>
    <message>
        <source>GPU (unavailable)</source>
        <translation>GPU（不可用）</translation>
    </message>
    <message>
        <source>the GPU when one answers, else the CPU</source>
        <translation>有可用 GPU 时用 GPU，否则用 CPU</translation>
    </message>
    <message>
        <source>unavailable: {}</source>
        <translation>不可用：{}</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>{} training samples → {} iteration(s) per epoch.</source>
        <translation>{} 个训练样本 → 每轮 {} 次迭代。</translation>
    </message>
    <message>
        <source>set {}</source>
        <translation>设置{}</translation>
    </message>
    <message>
        <source>use {} gradient descent</source>
        <translation>使用{}梯度下降</translation>
    </message>
    <message>
        <source>set mini-batch size</source>
        <translation>设置小批量大小</translation>
    </message>
    <message>
        <source>GPU unavailable: {}</source>
        <translation>GPU 不可用：{}</translation>
    </message>
    <message>
        <source>Learning rate kept at {} (the default of {} is {}).</source>
        <translation>学习率保持为 {}（{} 的默认值是 {}）。</translation>
    </message>
    <message>
        <source>GPU · CuPy ({} reading the device name)</source>
        <translation>GPU · CuPy（读取设备名称时出现 {}）</translation>
    </message>
</context>
<context>
    <name>TrainingView</name>
    <message>
        <source>The window was closed.</source>
        <translation>窗口已关闭。</translation>
    </message>
    <message>
        <source>Learning rate: expected a positive number such as 0.01 (at most 1e12), got {}; the run keeps its rate.</source>
        <translation>学习率：需要一个正数，例如 0.01（最大 1e12），收到的是 {}；运行保持原来的学习率。</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>Learning rate {}.</source>
        <translation>学习率 {}。</translation>
    </message>
    <message>
        <source>No run. Press Train to start.</source>
        <translation>没有运行。按“训练”开始。</translation>
    </message>
    <message>
        <source>Preparing the data and the network…</source>
        <translation>正在准备数据和网络…</translation>
    </message>
    <message>
        <source>Ready: press Train or Step.</source>
        <translation>就绪：按“训练”或“单步”。</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>训练中…</translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation>已暂停。</translation>
    </message>
    <message>
        <source>Failed: see the message above.</source>
        <translation>失败：请看上面的消息。</translation>
    </message>
    <message>
        <source>Completed.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>Stopped early.</source>
        <translation>已提前停止。</translation>
    </message>
    <message>
        <source>Diverged.</source>
        <translation>已发散。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Start training, or resume a paused run (Space toggles Train/Pause)</source>
        <translation>开始训练，或继续已暂停的运行（空格键切换训练/暂停）</translation>
    </message>
    <message>
        <source>Start a new run from the experiment: the same seed gives the same initial weights</source>
        <translation>从实验开始新的运行：相同的随机种子得到相同的初始权重</translation>
    </message>
    <message>
        <source>Gradient check</source>
        <translation>梯度检验</translation>
    </message>
    <message>
        <source>Trained weights not exported</source>
        <translation>训练好的权重尚未导出</translation>
    </message>
    <message>
        <source>Run “{}” trained for {} epochs, and its weights were never exported. Closing loses them. Export them first?</source>
        <translation>运行“{}”已训练 {} 轮，它的权重从未导出。关闭会丢失它们。先导出吗？</translation>
    </message>
    <message>
        <source>Export Weights…</source>
        <translation>导出权重…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Pause after the current iteration (Space)</source>
        <translation>在当前迭代之后暂停（空格键）</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Run one iteration (one batch: forward pass, backward pass, update), then pause</source>
        <translation>运行一次迭代（一个批次：前向传播、反向传播、更新），然后暂停</translation>
    </message>
    <message>
        <source>Step epoch</source>
        <translation>单轮</translation>
    </message>
    <message>
        <source>Run to the end of the current epoch (one pass over the training set), then pause</source>
        <translation>运行到当前轮次结束（遍历一次训练集），然后暂停</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>End this run; it stays in the run list</source>
        <translation>结束本次运行；它会保留在运行列表中</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>The step size of gradient descent. Editable while a run is active: press Enter to apply it from the next iteration; the change is marked on the plots.</source>
        <translation>梯度下降的步长。运行期间可编辑：按 Enter 从下一次迭代起生效；改动会在图上标出。</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Check gradients</source>
        <translation>梯度检验</translation>
    </message>
    <message>
        <source>Compare back propagation with finite differences on the current network and a small batch of training data</source>
        <translation>在当前网络和一小批训练数据上，把反向传播与有限差分作比较</translation>
    </message>
    <message>
        <source>Explain step</source>
        <translation>讲解一步</translation>
    </message>
    <message>
        <source>Walk through the next iteration: forward propagation, loss, back propagation and the update, with the engine&apos;s numbers (when the run is ready or paused)</source>
        <translation>用引擎的真实数值逐步讲解下一次迭代：前向传播、损失、反向传播和更新（运行就绪或暂停时可用）</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Save the trained weights, the history as CSV or a plot as PNG/SVG</source>
        <translation>保存训练好的权重、CSV 格式的历史记录或 PNG/SVG 格式的图表</translation>
    </message>
    <message>
        <source>Press Train to start.</source>
        <translation>按“训练”开始。</translation>
    </message>
    <message>
        <source>State of the current run</source>
        <translation>当前运行的状态</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Smoothing:</source>
        <translation>平滑：</translation>
    </message>
    <message>
        <source>Weight of the exponential moving average drawn over the batch loss (0: none, 0.99: very smooth), as in TensorBoard</source>
        <translation>叠加在批次损失上的指数滑动平均的权重（0：不平滑，0.99：非常平滑），与 TensorBoard 相同</translation>
    </message>
    <message>
        <source>smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>Log scale (loss)</source>
        <translation>对数坐标（损失）</translation>
    </message>
    <message>
        <source>Draw the loss on a logarithmic axis: small late improvements become visible</source>
        <translation>在对数坐标轴上绘制损失：后期的微小改善也能看清</translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation>比较运行</translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <source>freeze layer {}</source>
        <translation>冻结第 {} 层</translation>
    </message>
    <message>
        <source>unfreeze layer {}</source>
        <translation>解冻第 {} 层</translation>
    </message>
</context>
<context>
    <name>UpdateRatioPanel</name>
    <message>
        <source>Update / weight ratio</source>
        <translation>更新量 / 权重之比</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>How much the last update of each epoch changed each weight matrix, relative to its size (log scale). Around 1e-3 is a healthy rule of thumb; much smaller means the learning rate is too low, much larger means it is too high.</source>
        <translation>每个轮次最后一次更新使各权重矩阵改变了多少（相对于其大小，对数坐标）。经验上 1e-3 左右是健康的；小得多说明学习率太低，大得多说明学习率太高。</translation>
    </message>
</context>
<context>
    <name>WeightEditor</name>
    <message>
        <source>new weight value</source>
        <translation>新的权重值</translation>
    </message>
    <message>
        <source>Enter applies it at the next step; Esc closes.</source>
        <translation>按 Enter 在下一步应用；按 Esc 关闭。</translation>
    </message>
    <message>
        <source>Expected a finite number such as 0.5, got &quot;{}&quot;; the weight keeps its value.</source>
        <translation>需要一个有限的数，例如 0.5，收到的是“{}”；权重保持原值。</translation>
    </message>
</context>
<context>
    <name>WeightHistoryPanel</name>
    <message>
        <source>Weight distribution over time</source>
        <translation>权重分布随时间的变化</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>weight value</source>
        <translation>权重值</translation>
    </message>
    <message>
        <source>How the values of the chosen layer&apos;s weights are distributed after each epoch (epoch 0: the initial weights): each column is a smoothed histogram seen from above, darker where more weights lie; the lines are the median and the 16th/84th percentiles. A fan that opens up means the weights grow; a column collapsed to 0 means the layer died.</source>
        <translation>每个轮次后所选层权重值的分布（第 0 轮：初始权重）：每一列是从上方看的平滑直方图，权重越多处颜色越深；线条是中位数和第 16/84 百分位数。扇形张开表示权重在增大；一列收缩到 0 表示这一层“死亡”了。</translation>
    </message>
    <message>
        <source>16th / 84th percentile</source>
        <translation>第 16 / 84 百分位</translation>
    </message>
    <message>
        <source>median</source>
        <translation>中位数</translation>
    </message>
</context>
<context>
    <name>WeightMatrixPanel</name>
    <message>
        <source>Weight matrix</source>
        <translation>权重矩阵</translation>
    </message>
    <message>
        <source>input (neuron of the previous layer)</source>
        <translation>输入（上一层的神经元）</translation>
    </message>
    <message>
        <source>neuron of this layer</source>
        <translation>本层的神经元</translation>
    </message>
    <message>
        <source>The chosen layer&apos;s weights after the latest epoch: row = neuron of this layer, column = input it reads; blue for positive, orange for negative weights, white near 0 (the colour scale ends at the 99th percentile of |w|). A convolution&apos;s filters are shown as a grid of small images, one tile per filter (the first convolution is chosen by default).</source>
        <translation>最近一个轮次后所选层的权重：行 = 本层的神经元，列 = 它读取的输入；蓝色为正权重，橙色为负权重，接近 0 为白色（色标止于 |w| 的第 99 百分位数）。卷积层的滤波器显示为小图像网格，每个滤波器一格（默认选第一个卷积层）。</translation>
    </message>
    <message>
        <source>filters, one tile each (kernel columns)</source>
        <translation>滤波器，每个一块（卷积核列）</translation>
    </message>
    <message>
        <source>kernel rows</source>
        <translation>卷积核行</translation>
    </message>
</context>
<context>
    <name>_FixedTextButton</name>
    <message>
        <source>{} ({})</source>
        <translation>{}（{}）</translation>
    </message>
</context>
<context>
    <name>_LayerChooserPanel</name>
    <message>
        <source>Which layer&apos;s weights to show</source>
        <translation>要显示哪一层的权重</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
</context>
<context>
    <name>_PerParamPanel</name>
    <message>
        <source>epoch {}</source>
        <translation>第 {} 轮</translation>
    </message>
</context>
<context>
    <name>_ScientificEdit</name>
    <message>
        <source>expected a number such as 0.001 or 1e-3, got {}</source>
        <translation>应为 0.001 或 1e-3 这样的数，实际为 {}</translation>
    </message>
</context>
<context>
    <name>_SpecSection</name>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>choose {} {}</source>
        <translation>选择{} {}</translation>
    </message>
    <message>
        <source>set {} {}</source>
        <translation>设置{}的{}</translation>
    </message>
</context>
<context>
    <name>core.choices</name>
    <message>
        <source>torch_default</source>
        <translation>PyTorch 默认</translation>
    </message>
    <message>
        <source>zeros</source>
        <translation>全零</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>正态分布</translation>
    </message>
    <message>
        <source>uniform</source>
        <translation>均匀分布</translation>
    </message>
    <message>
        <source>glorot_uniform</source>
        <translation>Glorot 均匀分布</translation>
    </message>
    <message>
        <source>glorot_normal</source>
        <translation>Glorot 正态分布</translation>
    </message>
    <message>
        <source>he_uniform</source>
        <translation>He 均匀分布</translation>
    </message>
    <message>
        <source>he_normal</source>
        <translation>He 正态分布</translation>
    </message>
    <message>
        <source>same</source>
        <translation>同尺寸（same）</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>不填充（valid）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <source>rel</source>
        <translation>相对</translation>
    </message>
    <message>
        <source>abs</source>
        <translation>绝对</translation>
    </message>
    <message>
        <source>min</source>
        <translation>最小</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>regression</source>
        <translation>回归</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>drop</source>
        <translation>丢弃该行</translation>
    </message>
    <message>
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <source>float64</source>
        <translation>float64</translation>
    </message>
    <message>
        <source>cpu</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>gpu</source>
        <translation>GPU</translation>
    </message>
</context>
<context>
    <name>core.device</name>
    <message>
        <source>{} threads</source>
        <translation>{} 个线程</translation>
    </message>
    <message>
        <source>{} thread</source>
        <translation>{} 个线程</translation>
    </message>
    <message>
        <source>the GPU is disabled by the NNWB_DISABLE_GPU environment variable</source>
        <translation>GPU 被环境变量 NNWB_DISABLE_GPU 禁用</translation>
    </message>
    <message>
        <source>CuPy is not installed (install the GPU extra: pip install &apos;nn-workbench[gpu]&apos;)</source>
        <translation>未安装 CuPy（安装 GPU 扩展：pip install &apos;nn-workbench[gpu]&apos;）</translation>
    </message>
    <message>
        <source>CuPy failed to load: {}</source>
        <translation>CuPy 加载失败：{}</translation>
    </message>
    <message>
        <source>the CUDA driver failed: {}</source>
        <translation>CUDA 驱动出错：{}</translation>
    </message>
    <message>
        <source>CuPy is installed but no CUDA device was found</source>
        <translation>已安装 CuPy，但没有找到 CUDA 设备</translation>
    </message>
    <message>
        <source>the CUDA device did not answer: {}</source>
        <translation>CUDA 设备没有响应：{}</translation>
    </message>
    <message>
        <source>GPU unavailable: {}</source>
        <translation>GPU 不可用：{}</translation>
    </message>
</context>
<context>
    <name>core.expected</name>
    <message>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <source>a text string</source>
        <translation>一个文本字符串</translation>
    </message>
    <message>
        <source>one of {}</source>
        <translation>以下之一：{}</translation>
    </message>
    <message>
        <source>a list of {} numbers</source>
        <translation>由 {} 个数组成的列表</translation>
    </message>
    <message>
        <source>a list of {} numbers between {} and {}</source>
        <translation>由 {} 个介于 {} 和 {} 之间的数组成的列表</translation>
    </message>
    <message>
        <source>a list of {} numbers ≥ {}</source>
        <translation>由 {} 个 ≥ {} 的数组成的列表</translation>
    </message>
    <message>
        <source>a positive integer</source>
        <translation>一个正整数</translation>
    </message>
    <message>
        <source>a non-negative integer</source>
        <translation>一个非负整数</translation>
    </message>
    <message>
        <source>a positive number</source>
        <translation>一个正数</translation>
    </message>
    <message>
        <source>a non-negative number</source>
        <translation>一个非负数</translation>
    </message>
    <message>
        <source>a positive integer up to {}</source>
        <translation>一个不超过 {} 的正整数</translation>
    </message>
    <message>
        <source>a non-negative integer up to {}</source>
        <translation>一个不超过 {} 的非负整数</translation>
    </message>
    <message>
        <source>a positive number up to {}</source>
        <translation>一个不超过 {} 的正数</translation>
    </message>
    <message>
        <source>a non-negative number up to {}</source>
        <translation>一个不超过 {} 的非负数</translation>
    </message>
    <message>
        <source>an integer between {} and {}</source>
        <translation>一个介于 {} 和 {} 之间的整数</translation>
    </message>
    <message>
        <source>a number between {} and {}</source>
        <translation>一个介于 {} 和 {} 之间的数</translation>
    </message>
    <message>
        <source>an integer ≥ {}</source>
        <translation>一个 ≥ {} 的整数</translation>
    </message>
    <message>
        <source>an integer &gt; {}</source>
        <translation>一个 &gt; {} 的整数</translation>
    </message>
    <message>
        <source>an integer ≤ {}</source>
        <translation>一个 ≤ {} 的整数</translation>
    </message>
    <message>
        <source>a number ≥ {}</source>
        <translation>一个 ≥ {} 的数</translation>
    </message>
    <message>
        <source>a number &gt; {}</source>
        <translation>一个 &gt; {} 的数</translation>
    </message>
    <message>
        <source>a number ≤ {}</source>
        <translation>一个 ≤ {} 的数</translation>
    </message>
</context>
<context>
    <name>core.health</name>
    <message>
        <source>Try a tenth of it.</source>
        <translation>试试它的十分之一。</translation>
    </message>
    <message>
        <source>Completed {} epochs.</source>
        <translation>已完成 {} 轮。</translation>
    </message>
    <message>
        <source>Completed {} epoch.</source>
        <translation>已完成 {} 轮。</translation>
    </message>
    <message>
        <source>Stopped by the user after {} iterations.</source>
        <translation>用户在 {} 次迭代后停止。</translation>
    </message>
    <message>
        <source>Stopped by the user after {} iteration.</source>
        <translation>用户在 {} 次迭代后停止。</translation>
    </message>
    <message>
        <source>Training ran out of memory: try a smaller batch size, fewer units or a smaller data set.</source>
        <translation>训练时内存不足：试试更小的批大小、更少的神经元或更小的数据集。</translation>
    </message>
    <message>
        <source>Training failed: {}</source>
        <translation>训练失败：{}</translation>
    </message>
    <message>
        <source>Try {} (a tenth of {}).</source>
        <translation>试试 {}（{} 的十分之一）。</translation>
    </message>
    <message>
        <source>Learning rate too high: the loss rose from {} at the start to {} at iteration {}, so the steps overshoot instead of going downhill.</source>
        <translation>学习率过高：损失从开始时的 {0} 升到第 {2} 次迭代时的 {1}，每一步都越过了最低点，而不是往下走。</translation>
    </message>
    <message>
        <source>Learning rate too high: the loss rose from {} at the start to {} in epoch {}, so the steps overshoot instead of going downhill.</source>
        <translation>学习率过高：损失从开始时的 {0} 升到第 {2} 轮的 {1}，每一步都越过了最低点，而不是往下走。</translation>
    </message>
    <message>
        <source>This is most likely the learning rate (see above).</source>
        <translation>这很可能是学习率造成的（见上）。</translation>
    </message>
    <message>
        <source>Try a lower learning rate, He initialization or batch norm.</source>
        <translation>试试更低的学习率、He 初始化或批归一化。</translation>
    </message>
    <message>
        <source>Try ReLU instead of sigmoid/tanh, He or Glorot initialization, batch norm or fewer layers.</source>
        <translation>试试用 ReLU 代替 sigmoid/tanh、He 或 Glorot 初始化、批归一化，或减少层数。</translation>
    </message>
    <message>
        <source>Try a lower learning rate, He initialization or Leaky ReLU.</source>
        <translation>试试更低的学习率、He 初始化或 Leaky ReLU。</translation>
    </message>
    <message>
        <source>Dead ReLUs: {} of the ReLU units after layer {} ({}) output 0 for every validation sample (epoch {}), so they no longer learn.</source>
        <translation>神经元死亡（Dead ReLU）：第 {1} 层（{2}）之后 {0} 的 ReLU 单元对所有验证样本都输出 0（第 {3} 轮），它们不再学习。</translation>
    </message>
    <message>
        <source>Vanishing gradient: ‖∂L/∂W‖ of {} is {} (below {}) at epoch {}; its weights barely change.</source>
        <translation>梯度消失：第 {3} 轮时 {0} 的 ‖∂L/∂W‖ 为 {1}（低于 {2}）；它的权重几乎不再变化。</translation>
    </message>
    <message>
        <source>Exploding gradient: ‖∂L/∂W‖ of {} is {} (above {}) at epoch {}.</source>
        <translation>梯度爆炸：第 {3} 轮时 {0} 的 ‖∂L/∂W‖ 为 {1}（高于 {2}）。</translation>
    </message>
    <message>
        <source>Try a lower learning rate, standardized inputs or batch norm.</source>
        <translation>试试更低的学习率、标准化输入或批归一化。</translation>
    </message>
    <message>
        <source>The learning rate was {}; try {}.</source>
        <translation>学习率为 {}；试试 {}。</translation>
    </message>
    <message>
        <source>Training diverged at iteration {} (epoch {}): the loss became NaN or infinite.</source>
        <translation>训练在第 {} 次迭代（第 {} 轮）发散：损失变成了 NaN 或无穷大。</translation>
    </message>
    <message>
        <source>Training diverged at iteration {} (epoch {}): the weights became NaN or infinite (the loss was still finite).</source>
        <translation>训练在第 {} 次迭代（第 {} 轮）发散：权重变成了 NaN 或无穷大（损失仍是有限值）。</translation>
    </message>
    <message>
        <source>The last finite weights are kept; try a lower learning rate.</source>
        <translation>已保留最后一组有限的权重；请试试更低的学习率。</translation>
    </message>
</context>
<context>
    <name>core.nn.analysis</name>
    <message>
        <source>The network has no dense layer, so it has nothing to learn.</source>
        <translation>网络中没有全连接层，因此没有可学习的内容。</translation>
    </message>
    <message>
        <source>The network has no layers: add at least one dense layer.</source>
        <translation>网络没有任何层：请至少添加一个全连接层。</translation>
    </message>
    <message>
        <source>add a dense layer</source>
        <translation>添加一个全连接层</translation>
    </message>
    <message>
        <source>The data have {} input features: the network needs at least one input column.</source>
        <translation>数据有 {} 个输入特征：网络至少需要一个输入列。</translation>
    </message>
    <message>
        <source>Layer {} ({}) is not the last layer: {} belongs in the output layer only.</source>
        <translation>第 {} 层（{}）不是最后一层：{} 只应用在输出层。</translation>
    </message>
    <message>
        <source>remove this {}</source>
        <translation>删除这个 {}</translation>
    </message>
    <message>
        <source>No activation between dense layers {} and {}: together they are one linear map, so the extra layer adds nothing.</source>
        <translation>全连接层 {} 和 {} 之间没有激活函数：两者合起来只是一个线性映射，多出的一层没有作用。</translation>
    </message>
    <message>
        <source>insert ReLU</source>
        <translation>插入 ReLU</translation>
    </message>
    <message>
        <source>Two activations in a row (layers {} and {}: {}, {}); usually one is enough.</source>
        <translation>连续两个激活函数（第 {} 层和第 {} 层：{}、{}）；通常一个就够了。</translation>
    </message>
    <message>
        <source>remove layer {}</source>
        <translation>删除第 {} 层</translation>
    </message>
    <message>
        <source>remove the final {}</source>
        <translation>删除最后的 {}</translation>
    </message>
    <message>
        <source>Dropout is the last layer ({}): it would randomly zero the network&apos;s outputs while training.</source>
        <translation>Dropout 是最后一层（{}）：训练时它会随机把网络的输出置零。</translation>
    </message>
    <message>
        <source>Sigmoid output with multi-class cross-entropy: use softmax so the class probabilities sum to 1.</source>
        <translation>sigmoid 输出配多分类交叉熵：请使用 softmax，使各类别概率之和为 1。</translation>
    </message>
    <message>
        <source>use softmax</source>
        <translation>使用 softmax</translation>
    </message>
    <message>
        <source>Cross-entropy expects a softmax output layer; without it the outputs are read as raw scores (logits).</source>
        <translation>交叉熵需要 softmax 输出层；没有它，输出会被当作原始分数（logits）。</translation>
    </message>
    <message>
        <source>add softmax for cross-entropy</source>
        <translation>为交叉熵添加 softmax</translation>
    </message>
    <message>
        <source>{} on a softmax output learns slowly; cross-entropy is the loss for class probabilities.</source>
        <translation>在 softmax 输出上用 {} 学得很慢；类别概率应使用交叉熵损失。</translation>
    </message>
    <message>
        <source>use cross-entropy</source>
        <translation>使用交叉熵</translation>
    </message>
    <message>
        <source>Binary cross-entropy on a softmax output: use a single sigmoid unit, or cross-entropy.</source>
        <translation>softmax 输出配二元交叉熵：请使用单个 sigmoid 单元，或改用交叉熵。</translation>
    </message>
    <message>
        <source>The network outputs {} values but the task needs {} classes.</source>
        <translation>网络输出 {} 个值，但任务需要 {} 个类别。</translation>
    </message>
    <message>
        <source>The network outputs {} value but the task needs {} classes.</source>
        <translation>网络输出 {} 个值，但任务需要 {} 个类别。</translation>
    </message>
    <message>
        <source>The network outputs {} values but the task needs {} outputs.</source>
        <translation>网络输出 {} 个值，但任务需要 {} 个输出。</translation>
    </message>
    <message>
        <source>The network outputs {} values but the task needs {} output.</source>
        <translation>网络输出 {} 个值，但任务需要 {} 个输出。</translation>
    </message>
    <message>
        <source>The network outputs {} value but the task needs {} outputs.</source>
        <translation>网络输出 {} 个值，但任务需要 {} 个输出。</translation>
    </message>
    <message>
        <source>set output units to {} for {} classes</source>
        <translation>把输出神经元数设为 {}，对应 {} 个类别</translation>
    </message>
    <message>
        <source>set output units to {}</source>
        <translation>把输出神经元数设为 {}</translation>
    </message>
    <message>
        <source>Every layer with weights is frozen, so training changes nothing: unfreeze at least one.</source>
        <translation>所有带权重的层都被冻结了，训练不会改变任何东西：请至少解冻一层。</translation>
    </message>
    <message>
        <source>unfreeze layer {}</source>
        <translation>解冻第 {} 层</translation>
    </message>
</context>
<context>
    <name>core.params</name>
    <message>
        <source>Units</source>
        <translation>神经元数</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>Init</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>滤波器数</translation>
    </message>
    <message>
        <source>Kernel size</source>
        <translation>卷积核大小</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>步幅</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>Pool size</source>
        <translation>池化窗口大小</translation>
    </message>
    <message>
        <source>P</source>
        <translation>P（丢弃概率）</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Eps</source>
        <translation>数值稳定项（ε）</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>参数 α</translation>
    </message>
    <message>
        <source>Approximate</source>
        <translation>近似方式</translation>
    </message>
    <message>
        <source>Beta</source>
        <translation>参数 β</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <source>Delta</source>
        <translation>参数 δ</translation>
    </message>
    <message>
        <source>Label smoothing</source>
        <translation>标签平滑</translation>
    </message>
    <message>
        <source>Lr</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Dampening</source>
        <translation>阻尼</translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation>Nesterov 动量</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>Centered</source>
        <translation>中心化</translation>
    </message>
    <message>
        <source>Betas</source>
        <translation>衰减率（β1, β2）</translation>
    </message>
    <message>
        <source>Amsgrad</source>
        <translation>AMSGrad</translation>
    </message>
    <message>
        <source>Lr decay</source>
        <translation>学习率衰减</translation>
    </message>
    <message>
        <source>Initial accumulator value</source>
        <translation>累加器初始值</translation>
    </message>
    <message>
        <source>Step size</source>
        <translation>步长（轮次）</translation>
    </message>
    <message>
        <source>Gamma</source>
        <translation>Gamma（γ）</translation>
    </message>
    <message>
        <source>T max</source>
        <translation>T_max（周期）</translation>
    </message>
    <message>
        <source>Eta min</source>
        <translation>最小学习率</translation>
    </message>
    <message>
        <source>Factor</source>
        <translation>系数</translation>
    </message>
    <message>
        <source>Patience</source>
        <translation>耐心值</translation>
    </message>
    <message>
        <source>Threshold mode</source>
        <translation>阈值模式</translation>
    </message>
    <message>
        <source>Cooldown</source>
        <translation>冷却轮次</translation>
    </message>
    <message>
        <source>Min lr</source>
        <translation>最小学习率</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>As images</source>
        <translation>作为图像</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>表头</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Missing values</source>
        <translation>缺失值</translation>
    </message>
    <message>
        <source>Impute</source>
        <translation>缺失值填充</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>流式读取</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Grayscale</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Dtype</source>
        <translation>数据类型</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>L1</source>
        <translation>L1</translation>
    </message>
    <message>
        <source>L2</source>
        <translation>L2</translation>
    </message>
    <message>
        <source>Shuffle</source>
        <translation>打乱顺序</translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation>早停</translation>
    </message>
    <message>
        <source>Restore best</source>
        <translation>恢复最佳</translation>
    </message>
    <message>
        <source>Test fraction</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <source>Standardize</source>
        <translation>标准化</translation>
    </message>
</context>
<context>
    <name>core.progress</name>
    <message>
        <source>Reading {}</source>
        <translation>正在读取 {}</translation>
    </message>
    <message>
        <source>Splitting and standardizing</source>
        <translation>正在划分并标准化</translation>
    </message>
    <message>
        <source>Counting the rows of {}</source>
        <translation>正在统计 {} 的行数</translation>
    </message>
    <message>
        <source>Parsing {}</source>
        <translation>正在解析 {}</translation>
    </message>
    <message>
        <source>Preparing the data and the network</source>
        <translation>正在准备数据和网络</translation>
    </message>
    <message>
        <source>Drawing the first decision boundary</source>
        <translation>正在绘制第一张决策边界</translation>
    </message>
</context>
<context>
    <name>core.registry</name>
    <message>
        <source>Dense</source>
        <translation>全连接层</translation>
    </message>
    <message>
        <source>Fully connected layer: every neuron is connected to every input of the previous layer, each connection has a weight w and each neuron a bias b.</source>
        <translation>全连接层：每个神经元与上一层的每个输入相连，每个连接有一个权重 w，每个神经元有一个偏置 b。</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>层</translation>
    </message>
    <message>
        <source>number of neurons in this layer</source>
        <translation>这一层的神经元个数</translation>
    </message>
    <message>
        <source>add a learnable bias b to each neuron</source>
        <translation>为每个神经元加上可学习的偏置 b</translation>
    </message>
    <message>
        <source>how the weights start</source>
        <translation>权重的初始化方式</translation>
    </message>
    <message>
        <source>Conv 2D</source>
        <translation>二维卷积层</translation>
    </message>
    <message>
        <source>Convolution: each of its filters is a small grid of weights slid over the image; at each place it multiplies the pixels under it (all channels) by its weights and adds them up with a bias, giving one output image (feature map) per filter. The same weights are used everywhere, so a filter finds its pattern anywhere in the image. Convolutional networks are where ReLU is used most.</source>
        <translation>卷积：每个滤波器是一个小的权重网格，在图像上滑动；在每个位置把覆盖的像素（所有通道）乘以权重再加上偏置求和，每个滤波器得到一张输出图像（特征图）。同一组权重在各处共用，因此滤波器能在图像的任何位置找到它的模式。卷积网络是 ReLU 用得最多的地方。</translation>
    </message>
    <message>
        <source>number of filters (output channels)</source>
        <translation>滤波器个数（输出通道数）</translation>
    </message>
    <message>
        <source>height and width of each filter</source>
        <translation>每个滤波器的高和宽</translation>
    </message>
    <message>
        <source>step between filter positions</source>
        <translation>滤波器相邻位置之间的步幅</translation>
    </message>
    <message>
        <source>zeros added around the image: a number of pixels, &quot;same&quot; (keep the size, stride 1) or &quot;valid&quot; (none)</source>
        <translation>在图像周围补零：像素数，&quot;same&quot;（保持尺寸，步幅 1）或 &quot;valid&quot;（不补）</translation>
    </message>
    <message>
        <source>add a learnable bias b to each filter</source>
        <translation>为每个滤波器加上可学习的偏置 b</translation>
    </message>
    <message>
        <source>Max pool 2D</source>
        <translation>二维最大池化</translation>
    </message>
    <message>
        <source>Keeps the largest value of each pool_size × pool_size window of each channel: halves the image (pool size 2), keeps the strongest response of each filter, and makes the network less sensitive to small shifts. No weights.</source>
        <translation>保留每个通道中每个 pool_size × pool_size 窗口的最大值：图像尺寸减半（窗口大小 2），保留每个滤波器最强的响应，并使网络对小的平移不那么敏感。没有权重。</translation>
    </message>
    <message>
        <source>height and width of the window</source>
        <translation>窗口的高和宽</translation>
    </message>
    <message>
        <source>step between windows; empty means the pool size (windows side by side)</source>
        <translation>窗口之间的步幅；留空表示等于窗口大小（窗口并排）</translation>
    </message>
    <message>
        <source>Avg pool 2D</source>
        <translation>二维平均池化</translation>
    </message>
    <message>
        <source>Replaces each pool_size × pool_size window of each channel by its mean: shrinks the image smoothly. No weights.</source>
        <translation>用均值替换每个通道中每个 pool_size × pool_size 窗口：平滑地缩小图像。没有权重。</translation>
    </message>
    <message>
        <source>Global avg pool</source>
        <translation>全局平均池化</translation>
    </message>
    <message>
        <source>Replaces each channel by the mean of all its pixels: one number per filter, whatever the image size. Follow it with flatten and a dense output layer. No weights.</source>
        <translation>用所有像素的均值替换每个通道：无论图像多大，每个滤波器得到一个数。后面接展平层和全连接输出层。没有权重。</translation>
    </message>
    <message>
        <source>Flatten</source>
        <translation>展平层</translation>
    </message>
    <message>
        <source>Lays the pixels of every channel out in one long row of features (channel by channel, row by row), so that dense layers can follow convolutions. No weights.</source>
        <translation>把每个通道的像素排成一长行特征（逐通道、逐行），使全连接层可以接在卷积层之后。没有权重。</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>During training, zero each input with probability p and scale the rest by 1/(1−p) (inverted dropout); does nothing when evaluating. Reduces overfitting.</source>
        <translation>训练时以概率 p 将每个输入置零，其余乘以 1/(1−p)（反向 dropout）；评估时不起作用。用于减轻过拟合。</translation>
    </message>
    <message>
        <source>regularization</source>
        <translation>正则化</translation>
    </message>
    <message>
        <source>probability of dropping an input</source>
        <translation>丢弃一个输入的概率</translation>
    </message>
    <message>
        <source>Batch norm</source>
        <translation>批归一化</translation>
    </message>
    <message>
        <source>Normalize each feature over the batch to zero mean and unit variance, then scale by γ and shift by β (learned). Keeps running statistics for evaluation. On images, each channel is normalized over the batch and all its pixels (PyTorch&apos;s BatchNorm2d).</source>
        <translation>在批次上把每个特征归一化为零均值、单位方差，再乘以 γ、加上 β（可学习）。保存滑动统计量用于评估。对图像，每个通道在整个批次及其所有像素上归一化（即 PyTorch 的 BatchNorm2d）。</translation>
    </message>
    <message>
        <source>weight of the newest batch in the running statistics</source>
        <translation>最新批次在滑动统计量中的权重</translation>
    </message>
    <message>
        <source>added to the variance for stability</source>
        <translation>为数值稳定加到方差上的小常数</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>恒等</translation>
    </message>
    <message>
        <source>Passes its input through unchanged (a linear output for regression).</source>
        <translation>原样输出输入（用于回归的线性输出）。</translation>
    </message>
    <message>
        <source>activations</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <source>S-shaped function squashing any input into (0, 1); used in the output layer for binary classification, where the output reads as a probability.</source>
        <translation>S 形函数，把任意输入压缩到 (0, 1)；用于二分类的输出层，输出可看作概率。</translation>
    </message>
    <message>
        <source>Use sigmoid in the output layer for binary classification. In hidden layers it saturates: for large |x| its gradient is nearly 0, so gradients vanish in deep networks, and its output is not centred on 0.</source>
        <translation>sigmoid 用于二分类的输出层。在隐藏层中它会饱和：|x| 较大时梯度接近 0，深层网络中梯度会消失，而且它的输出不以 0 为中心。</translation>
    </message>
    <message>
        <source>Tanh</source>
        <translation>Tanh</translation>
    </message>
    <message>
        <source>Hyperbolic tangent: squashes inputs into (−1, 1), centred on 0; saturates like sigmoid for large |x|.</source>
        <translation>双曲正切：把输入压缩到 (−1, 1)，以 0 为中心；|x| 较大时像 sigmoid 一样饱和。</translation>
    </message>
    <message>
        <source>Zero-centred, so hidden layers learn faster than with sigmoid, but the gradient still vanishes where the curve flattens.</source>
        <translation>以 0 为中心，隐藏层比用 sigmoid 学得快，但在曲线变平处梯度仍会消失。</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>Rectified linear unit: passes positive inputs, zeroes negative ones. The first choice for hidden layers: cheap and free of vanishing gradients for x &gt; 0.</source>
        <translation>线性整流单元：正输入原样通过，负输入置零。隐藏层的首选：计算量小，x &gt; 0 时没有梯度消失。</translation>
    </message>
    <message>
        <source>ReLU is the first choice for hidden layers. Watch for the dead-ReLU problem: a neuron whose input stays negative outputs 0 forever and stops learning, usually after too large a learning rate or a poor initialization.</source>
        <translation>ReLU 是隐藏层的首选。注意神经元死亡问题（Dead ReLU）：输入一直为负的神经元输出始终为 0，不再学习，通常由学习率过大或初始化不当引起。</translation>
    </message>
    <message>
        <source>Leaky ReLU</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <source>ReLU with a small slope α for negative inputs, so neurons cannot die.</source>
        <translation>对负输入有小斜率 α 的 ReLU，神经元不会“死亡”。</translation>
    </message>
    <message>
        <source>Try it when ReLU neurons die: negative inputs still pass a small gradient.</source>
        <translation>ReLU 神经元死亡时可以试试它：负输入仍能传递小的梯度。</translation>
    </message>
    <message>
        <source>slope for negative inputs</source>
        <translation>负输入的斜率</translation>
    </message>
    <message>
        <source>PReLU</source>
        <translation>PReLU</translation>
    </message>
    <message>
        <source>Parametric ReLU: like Leaky ReLU, but the negative slope a is learned by back propagation (one slope for the layer, starting at 0.25).</source>
        <translation>参数化 ReLU：与 Leaky ReLU 类似，但负半轴斜率 a 由反向传播学习（整层一个斜率，初始为 0.25）。</translation>
    </message>
    <message>
        <source>A Leaky ReLU whose slope the network learns.</source>
        <translation>斜率由网络学习的 Leaky ReLU。</translation>
    </message>
    <message>
        <source>initial slope a</source>
        <translation>初始斜率 a</translation>
    </message>
    <message>
        <source>ELU</source>
        <translation>ELU</translation>
    </message>
    <message>
        <source>Exponential linear unit: identity for x &gt; 0, a smooth exponential curve towards −α for negative inputs.</source>
        <translation>指数线性单元：x &gt; 0 时为恒等，负输入时是趋向 −α 的平滑指数曲线。</translation>
    </message>
    <message>
        <source>Smooth and with negative outputs, so mean activations stay near 0.</source>
        <translation>平滑且有负输出，因此激活值的均值保持在 0 附近。</translation>
    </message>
    <message>
        <source>saturation value for negative inputs</source>
        <translation>负输入的饱和值</translation>
    </message>
    <message>
        <source>GELU</source>
        <translation>GELU</translation>
    </message>
    <message>
        <source>Gaussian error linear unit: x weighted by the probability that a standard normal variable is below x; the activation of Transformers.</source>
        <translation>高斯误差线性单元：x 乘以标准正态变量小于 x 的概率；Transformer 使用的激活函数。</translation>
    </message>
    <message>
        <source>A smooth ReLU; the tanh form is PyTorch&apos;s approximate=&apos;tanh&apos;.</source>
        <translation>平滑的 ReLU；tanh 形式即 PyTorch 的 approximate=&apos;tanh&apos;。</translation>
    </message>
    <message>
        <source>exact (erf) or tanh approximation</source>
        <translation>精确（erf）或 tanh 近似</translation>
    </message>
    <message>
        <source>SiLU / Swish</source>
        <translation>SiLU / Swish</translation>
    </message>
    <message>
        <source>Sigmoid-weighted linear unit (Swish): x times sigmoid(x); smooth and non-monotonic.</source>
        <translation>Sigmoid 加权线性单元（Swish）：x 乘以 sigmoid(x)；平滑且非单调。</translation>
    </message>
    <message>
        <source>A smooth alternative to ReLU for hidden layers.</source>
        <translation>隐藏层中 ReLU 的平滑替代。</translation>
    </message>
    <message>
        <source>Softplus</source>
        <translation>Softplus</translation>
    </message>
    <message>
        <source>A smooth version of ReLU: log(1 + eˣ); its derivative is the sigmoid.</source>
        <translation>ReLU 的平滑版本：log(1 + eˣ)；它的导数就是 sigmoid。</translation>
    </message>
    <message>
        <source>Smooth everywhere, always positive.</source>
        <translation>处处平滑，始终为正。</translation>
    </message>
    <message>
        <source>sharpness β</source>
        <translation>锐度 β</translation>
    </message>
    <message>
        <source>above βx &gt; threshold the output is x</source>
        <translation>当 βx &gt; 阈值时输出为 x</translation>
    </message>
    <message>
        <source>Mish</source>
        <translation>Mish</translation>
    </message>
    <message>
        <source>Self-regularized smooth activation: x·tanh(softplus(x)).</source>
        <translation>自正则化的平滑激活函数：x·tanh(softplus(x))。</translation>
    </message>
    <message>
        <source>Smooth and non-monotonic, similar to Swish.</source>
        <translation>平滑且非单调，与 Swish 相似。</translation>
    </message>
    <message>
        <source>Softmax</source>
        <translation>Softmax</translation>
    </message>
    <message>
        <source>Turns a vector of scores into probabilities that are positive and sum to 1; the output layer for multi-class classification, with cross-entropy loss.</source>
        <translation>把一组分数变为总和为 1 的正概率；用作多分类的输出层，配合交叉熵损失。</translation>
    </message>
    <message>
        <source>Use softmax in the output layer for multi-class classification, together with cross-entropy loss (the engine then fuses them for stability). With 2 classes it reduces to the sigmoid.</source>
        <translation>softmax 用于多分类的输出层，与交叉熵损失一起使用（引擎会把两者合并以保证数值稳定）。只有 2 个类别时它退化为 sigmoid。</translation>
    </message>
    <message>
        <source>Softmax acts on a whole vector: shown is the first output of the 2-class softmax of (x, 0), which equals sigmoid(x).</source>
        <translation>Softmax 作用于整个向量：图中显示的是 (x, 0) 的二类 softmax 的第一个输出，它等于 sigmoid(x)。</translation>
    </message>
    <message>
        <source>Mean squared error</source>
        <translation>均方误差（MSE）</translation>
    </message>
    <message>
        <source>The average of the squared differences between prediction and target; the usual loss for regression.</source>
        <translation>预测值与目标值之差的平方的平均值；回归常用的损失函数。</translation>
    </message>
    <message>
        <source>Mean absolute error</source>
        <translation>平均绝对误差（MAE）</translation>
    </message>
    <message>
        <source>The average absolute difference between prediction and target; less sensitive to outliers than MSE.</source>
        <translation>预测值与目标值之差的绝对值的平均值；比 MSE 对异常值更不敏感。</translation>
    </message>
    <message>
        <source>Huber</source>
        <translation>Huber 损失</translation>
    </message>
    <message>
        <source>Squared error for small differences and absolute error for large ones (beyond δ): robust to outliers yet smooth near 0.</source>
        <translation>差值小时用平方误差，差值大（超过 δ）时用绝对误差：对异常值稳健，在 0 附近又是平滑的。</translation>
    </message>
    <message>
        <source>where the loss turns from squared to absolute</source>
        <translation>损失从平方误差转为绝对误差的位置</translation>
    </message>
    <message>
        <source>Binary cross-entropy</source>
        <translation>二元交叉熵</translation>
    </message>
    <message>
        <source>Cross-entropy for two classes (or independent yes/no outputs): the output is the probability of class 1. Fused with a final sigmoid for stability.</source>
        <translation>用于两个类别（或相互独立的是/否输出）的交叉熵：输出是类别 1 的概率。与最后的 sigmoid 合并计算以保证数值稳定。</translation>
    </message>
    <message>
        <source>Cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <source>Measures the difference between the predicted probability distribution q and the true one p; the usual loss for multi-class classification, used with a softmax output (fused for stability).</source>
        <translation>衡量预测概率分布 q 与真实分布 p 之间的差异；多分类常用的损失函数，配合 softmax 输出使用（合并计算以保证数值稳定）。</translation>
    </message>
    <message>
        <source>mix the one-hot target with the uniform distribution by this fraction</source>
        <translation>按此比例把独热目标与均匀分布混合</translation>
    </message>
    <message>
        <source>PyTorch default</source>
        <translation>PyTorch 默认</translation>
    </message>
    <message>
        <source>PyTorch&apos;s nn.Linear default: weights and bias uniform in ±1/√fan_in.</source>
        <translation>PyTorch nn.Linear 的默认方式：权重和偏置在 ±1/√fan_in 内均匀分布。</translation>
    </message>
    <message>
        <source>Zeros</source>
        <translation>全零</translation>
    </message>
    <message>
        <source>All weights 0. Every neuron then learns the same thing: only for experiments that show why initialization must break symmetry.</source>
        <translation>所有权重为 0。这样每个神经元学到的都一样：只用于演示为什么初始化必须打破对称性的实验。</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>正态分布</translation>
    </message>
    <message>
        <source>Weights from a normal distribution with standard deviation 0.05; bias 0.</source>
        <translation>权重取自标准差为 0.05 的正态分布；偏置为 0。</translation>
    </message>
    <message>
        <source>Uniform</source>
        <translation>均匀分布</translation>
    </message>
    <message>
        <source>Weights uniform in ±0.05; bias 0.</source>
        <translation>权重在 ±0.05 内均匀分布；偏置为 0。</translation>
    </message>
    <message>
        <source>Glorot (Xavier) uniform</source>
        <translation>Glorot（Xavier）均匀分布</translation>
    </message>
    <message>
        <source>Keeps the variance of signals equal forward and backward; suits sigmoid and tanh.</source>
        <translation>使信号的方差在前向和反向传播中保持一致；适合 sigmoid 和 tanh。</translation>
    </message>
    <message>
        <source>Glorot (Xavier) normal</source>
        <translation>Glorot（Xavier）正态分布</translation>
    </message>
    <message>
        <source>Normal variant of Glorot: std √(2/(fan_in + fan_out)).</source>
        <translation>Glorot 的正态分布版本：标准差 √(2/(fan_in + fan_out))。</translation>
    </message>
    <message>
        <source>He (Kaiming) uniform</source>
        <translation>He（Kaiming）均匀分布</translation>
    </message>
    <message>
        <source>Scaled for ReLU layers, which zero half their inputs: bound √(6/fan_in).</source>
        <translation>为会把一半输入置零的 ReLU 层缩放：边界 √(6/fan_in)。</translation>
    </message>
    <message>
        <source>He (Kaiming) normal</source>
        <translation>He（Kaiming）正态分布</translation>
    </message>
    <message>
        <source>Normal variant of He: std √(2/fan_in); suits ReLU layers.</source>
        <translation>He 的正态分布版本：标准差 √(2/fan_in)；适合 ReLU 层。</translation>
    </message>
    <message>
        <source>SGD</source>
        <translation>SGD（梯度下降）</translation>
    </message>
    <message>
        <source>Gradient descent: step against the gradient, θ_new = θ_old − α·∇J(θ); momentum accelerates convergence and reduces oscillation.</source>
        <translation>梯度下降：沿梯度的反方向走一步，θ_new = θ_old − α·∇J(θ)；动量可加速收敛并减少振荡。</translation>
    </message>
    <message>
        <source>gradient descent</source>
        <translation>梯度下降</translation>
    </message>
    <message>
        <source>learning rate α: the step size of each iteration (too large oscillates around the minimum or diverges, too small converges slowly)</source>
        <translation>学习率 α：每次迭代的步长（太大会在最小值附近振荡甚至发散，太小则收敛缓慢）</translation>
    </message>
    <message>
        <source>momentum μ: fraction of the previous step kept, accelerating convergence and damping oscillation</source>
        <translation>动量 μ：保留上一步的比例，可加速收敛并抑制振荡</translation>
    </message>
    <message>
        <source>dampening of the gradient added to the momentum buffer</source>
        <translation>加入动量缓冲区的梯度的阻尼</translation>
    </message>
    <message>
        <source>Nesterov momentum: look ahead along the momentum (needs momentum &gt; 0 and dampening 0)</source>
        <translation>Nesterov 动量：沿动量方向向前看一步（需要动量 &gt; 0 且阻尼为 0）</translation>
    </message>
    <message>
        <source>weight decay (L2 penalty) added to the gradient: g ← g + wd·θ</source>
        <translation>加到梯度上的权重衰减（L2 惩罚）：g ← g + wd·θ</translation>
    </message>
    <message>
        <source>RMSprop</source>
        <translation>RMSprop</translation>
    </message>
    <message>
        <source>RMSProp: divides each step by a running root-mean-square of recent gradients, so every weight gets its own step size.</source>
        <translation>RMSProp：每一步除以近期梯度的滑动均方根，使每个权重都有自己的步长。</translation>
    </message>
    <message>
        <source>adaptive</source>
        <translation>自适应</translation>
    </message>
    <message>
        <source>smoothing constant α of the running average of g², in [0, 1)</source>
        <translation>g² 滑动平均的平滑常数 α，取值 [0, 1)</translation>
    </message>
    <message>
        <source>small constant added to the denominator for numerical stability</source>
        <translation>为数值稳定加到分母上的小常数</translation>
    </message>
    <message>
        <source>momentum μ applied to the scaled step</source>
        <translation>作用于缩放后步长的动量 μ</translation>
    </message>
    <message>
        <source>divide by the estimated variance (subtract the squared running mean of g)</source>
        <translation>除以估计的方差（减去 g 的滑动均值的平方）</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>Adam: combines momentum and RMSProp; a widely used adaptive optimizer that converges fast and is less sensitive to the learning rate.</source>
        <translation>Adam：结合了动量法和 RMSProp 的优点；广泛使用的自适应优化器，收敛快，对学习率不太敏感。</translation>
    </message>
    <message>
        <source>decay rates (β1, β2) of the running averages of the gradient and of its square; each in [0, 1)</source>
        <translation>梯度及其平方的滑动平均的衰减率 (β1, β2)；各取值 [0, 1)</translation>
    </message>
    <message>
        <source>AMSGrad: divide by the largest v seen so far, so the step size never grows</source>
        <translation>AMSGrad：除以迄今为止最大的 v，使步长不会增大</translation>
    </message>
    <message>
        <source>AdamW</source>
        <translation>AdamW</translation>
    </message>
    <message>
        <source>AdamW: Adam with decoupled weight decay, which shrinks the weights directly instead of adding a penalty to the gradient.</source>
        <translation>AdamW：采用解耦权重衰减的 Adam，直接缩小权重，而不是在梯度上加惩罚项。</translation>
    </message>
    <message>
        <source>decoupled weight decay: θ ← θ·(1 − lr·wd) each step</source>
        <translation>解耦权重衰减：每步 θ ← θ·(1 − lr·wd)</translation>
    </message>
    <message>
        <source>Adagrad</source>
        <translation>Adagrad</translation>
    </message>
    <message>
        <source>Adagrad: scales each weight&apos;s step by the sum of all its past squared gradients, so rarely updated weights take larger steps.</source>
        <translation>Adagrad：按每个权重过去所有梯度平方之和缩放其步长，使很少更新的权重步子更大。</translation>
    </message>
    <message>
        <source>learning-rate decay per step: lr_t = lr / (1 + (t−1)·lr_decay)</source>
        <translation>每步的学习率衰减：lr_t = lr / (1 + (t−1)·lr_decay)</translation>
    </message>
    <message>
        <source>starting value of the sum of squared gradients</source>
        <translation>梯度平方和的初始值</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>Keep the learning rate fixed for the whole run.</source>
        <translation>整个运行过程中学习率保持不变。</translation>
    </message>
    <message>
        <source>Step decay</source>
        <translation>阶梯衰减</translation>
    </message>
    <message>
        <source>Learning-rate decay: multiply the lr by gamma every step_size epochs.</source>
        <translation>学习率衰减：每 step_size 个轮次把学习率乘以 gamma。</translation>
    </message>
    <message>
        <source>epochs between two decays</source>
        <translation>两次衰减之间的轮次数</translation>
    </message>
    <message>
        <source>multiplicative factor of the decay</source>
        <translation>衰减的乘法系数</translation>
    </message>
    <message>
        <source>Exponential decay</source>
        <translation>指数衰减</translation>
    </message>
    <message>
        <source>Learning-rate decay: multiply the lr by gamma after every epoch.</source>
        <translation>学习率衰减：每个轮次之后把学习率乘以 gamma。</translation>
    </message>
    <message>
        <source>Cosine annealing</source>
        <translation>余弦退火</translation>
    </message>
    <message>
        <source>Learning-rate decay along half a cosine wave, from the initial lr down to eta_min at epoch T_max.</source>
        <translation>学习率沿半个余弦波衰减，从初始学习率在第 T_max 轮降到 eta_min。</translation>
    </message>
    <message>
        <source>epochs of the half cosine wave; null: the number of epochs of the run</source>
        <translation>半个余弦波的轮次数；null 表示运行的轮次数</translation>
    </message>
    <message>
        <source>smallest learning rate</source>
        <translation>最小学习率</translation>
    </message>
    <message>
        <source>Reduce on plateau</source>
        <translation>停滞时衰减</translation>
    </message>
    <message>
        <source>Learning-rate decay when learning stalls: multiply the lr by factor once the monitored loss has not improved for patience epochs.</source>
        <translation>学习停滞时衰减学习率：监控的损失连续 patience 个轮次没有改善时，把学习率乘以 factor。</translation>
    </message>
    <message>
        <source>factor the lr is multiplied by, in (0, 1)</source>
        <translation>学习率所乘的系数，取值 (0, 1)</translation>
    </message>
    <message>
        <source>epochs without improvement tolerated before the lr is reduced</source>
        <translation>降低学习率之前可容忍的无改善轮次数</translation>
    </message>
    <message>
        <source>smallest change that counts as an improvement</source>
        <translation>算作改善的最小变化量</translation>
    </message>
    <message>
        <source>rel: relative to the best value, abs: absolute</source>
        <translation>rel：相对于最佳值，abs：绝对值</translation>
    </message>
    <message>
        <source>epochs to wait after a reduction before counting bad epochs again</source>
        <translation>降低学习率后重新开始计数前等待的轮次数</translation>
    </message>
    <message>
        <source>lower bound of the learning rate</source>
        <translation>学习率的下限</translation>
    </message>
    <message>
        <source>min: the metric should fall (a loss), max: it should rise (an accuracy)</source>
        <translation>min：指标应下降（如损失），max：指标应上升（如准确率）</translation>
    </message>
    <message>
        <source>Circle</source>
        <translation>圆环</translation>
    </message>
    <message>
        <source>Two classes: a disc of points inside a ring; a straight line cannot separate them, one hidden layer can.</source>
        <translation>两个类别：圆环内有一个圆盘状的点群；一条直线无法把它们分开，一个隐藏层就可以。</translation>
    </message>
    <message>
        <source>synthetic</source>
        <translation>合成数据</translation>
    </message>
    <message>
        <source>Number of points to generate.</source>
        <translation>要生成的点数。</translation>
    </message>
    <message>
        <source>How much random jitter to add: 0 is clean, 1 is very noisy (TensorFlow Playground uses 0 to 0.5).</source>
        <translation>加入的随机抖动大小：0 表示无噪声，1 表示噪声很大（TensorFlow Playground 使用 0 到 0.5）。</translation>
    </message>
    <message>
        <source>Exclusive or</source>
        <translation>异或（XOR）</translation>
    </message>
    <message>
        <source>Two classes by quadrant: same sign of x1 and x2, or different; the classic problem a single neuron cannot solve.</source>
        <translation>按象限分为两类：x1 与 x2 同号或异号；单个神经元无法解决的经典问题。</translation>
    </message>
    <message>
        <source>Gaussian blobs</source>
        <translation>高斯点团</translation>
    </message>
    <message>
        <source>One Gaussian cloud of points per class; linearly separable when the noise is low.</source>
        <translation>每个类别一团高斯分布的点；噪声小时线性可分。</translation>
    </message>
    <message>
        <source>Number of classes (arms, blobs).</source>
        <translation>类别数（螺旋臂数、点团数）。</translation>
    </message>
    <message>
        <source>Spiral</source>
        <translation>螺旋</translation>
    </message>
    <message>
        <source>Interleaved spiral arms, one per class; needs several hidden layers or many neurons.</source>
        <translation>相互交错的螺旋臂，每个类别一条；需要多个隐藏层或很多神经元。</translation>
    </message>
    <message>
        <source>Two moons</source>
        <translation>双月牙</translation>
    </message>
    <message>
        <source>Two interleaving half circles; the boundary between them must curve.</source>
        <translation>两个相互交错的半圆；它们之间的边界必须是弯曲的。</translation>
    </message>
    <message>
        <source>Plane (regression)</source>
        <translation>平面（回归）</translation>
    </message>
    <message>
        <source>Regression on a tilted plane: the output is a weighted sum of the two inputs, which one linear neuron can learn exactly.</source>
        <translation>倾斜平面上的回归：输出是两个输入的加权和，一个线性神经元就能精确学会。</translation>
    </message>
    <message>
        <source>Slope along x1.</source>
        <translation>沿 x1 方向的斜率。</translation>
    </message>
    <message>
        <source>Slope along x2.</source>
        <translation>沿 x2 方向的斜率。</translation>
    </message>
    <message>
        <source>Sine curve (regression)</source>
        <translation>正弦曲线（回归）</translation>
    </message>
    <message>
        <source>Curve fitting in one dimension: learn y = sin(x) from noisy samples; a nonlinear activation is required.</source>
        <translation>一维曲线拟合：从带噪声的样本中学习 y = sin(x)；需要非线性激活函数。</translation>
    </message>
    <message>
        <source>Iris flowers</source>
        <translation>鸢尾花</translation>
    </message>
    <message>
        <source>Fisher&apos;s iris flowers: 4 measurements of sepals and petals, 3 species, 150 rows; the classic first classification problem.</source>
        <translation>Fisher 的鸢尾花数据：花萼和花瓣的 4 项测量值，3 个品种，150 行；经典的入门分类问题。</translation>
    </message>
    <message>
        <source>bundled</source>
        <translation>内置数据</translation>
    </message>
    <message>
        <source>Wine</source>
        <translation>葡萄酒</translation>
    </message>
    <message>
        <source>Chemical analysis of 178 Italian wines from 3 cultivars, 13 features; features differ in scale, so standardizing matters.</source>
        <translation>对 3 个品种的 178 种意大利葡萄酒的化学分析，13 个特征；各特征尺度不同，因此标准化很重要。</translation>
    </message>
    <message>
        <source>Breast cancer</source>
        <translation>乳腺癌</translation>
    </message>
    <message>
        <source>Wisconsin diagnostic breast cancer: 30 features of cell nuclei from 569 images, malignant or benign.</source>
        <translation>威斯康星乳腺癌诊断数据：来自 569 张图像的细胞核的 30 个特征，恶性或良性。</translation>
    </message>
    <message>
        <source>Handwritten digits</source>
        <translation>手写数字</translation>
    </message>
    <message>
        <source>1797 handwritten digits as 8×8 images of grey levels 0–16 (64 inputs), 10 classes; a small MNIST.</source>
        <translation>1797 个手写数字，每个是灰度 0–16 的 8×8 图像（64 个输入），10 个类别；小型的 MNIST。</translation>
    </message>
    <message>
        <source>Give each row to the network as a 1-channel image (channels × height × width) for convolutional layers, instead of a flat vector of pixels.</source>
        <translation>把每一行作为单通道图像（通道 × 高 × 宽）送入网络供卷积层使用，而不是展平的像素向量。</translation>
    </message>
    <message>
        <source>Diabetes (regression)</source>
        <translation>糖尿病（回归）</translation>
    </message>
    <message>
        <source>Disease progression one year after baseline for 442 diabetes patients, from age, sex, body mass index, blood pressure and 6 blood serum values.</source>
        <translation>442 名糖尿病患者一年后的病情进展，根据年龄、性别、体重指数、血压和 6 项血清指标预测。</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>CSV 文件</translation>
    </message>
    <message>
        <source>Your own table: one row per sample, one column per feature and one target column (a class label or a number).</source>
        <translation>你自己的表格：每个样本一行，每个特征一列，外加一个目标列（类别标签或数值）。</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>The file to read; a relative path starts from the experiment file&apos;s folder.</source>
        <translation>要读取的文件；相对路径从实验文件所在文件夹算起。</translation>
    </message>
    <message>
        <source>The column to predict: its header name, or its index (0 is the first, -1 the last); empty means the last column.</source>
        <translation>要预测的列：列名或列号（0 为第一列，-1 为最后一列）；留空表示最后一列。</translation>
    </message>
    <message>
        <source>Classification (predict a class) or regression (predict a number); auto guesses from the target column.</source>
        <translation>分类（预测类别）或回归（预测数值）；auto 根据目标列自动判断。</translation>
    </message>
    <message>
        <source>Whether the first row names the columns; auto detects it.</source>
        <translation>第一行是否为列名；auto 自动检测。</translation>
    </message>
    <message>
        <source>The role of a column by name: numeric, categorical (one-hot encoded) or ignore; others are detected.</source>
        <translation>按列名指定列的作用：numeric（数值）、categorical（类别，独热编码）或 ignore（忽略）；其余列自动识别。</translation>
    </message>
    <message>
        <source>The cells that mean &apos;missing&apos; (default: empty, NA, N/A, NaN, null, ?).</source>
        <translation>表示“缺失”的单元格内容（默认：空、NA、N/A、NaN、null、?）。</translation>
    </message>
    <message>
        <source>What a missing number becomes: the median or mean of the training rows, or drop such rows.</source>
        <translation>缺失的数值如何处理：用训练行的中位数或均值填充，或丢弃这样的行。</translation>
    </message>
    <message>
        <source>NumPy .npz file</source>
        <translation>NumPy .npz 文件</translation>
    </message>
    <message>
        <source>Arrays saved with numpy.savez: X (one row per sample) and y (labels or targets); images of shape (N, H, W) are flattened.</source>
        <translation>用 numpy.savez 保存的数组：X（每个样本一行）和 y（标签或目标）；形状为 (N, H, W) 的图像会被展平。</translation>
    </message>
    <message>
        <source>IDX images (MNIST format)</source>
        <translation>IDX 图像（MNIST 格式）</translation>
    </message>
    <message>
        <source>Images and labels in the IDX format in which MNIST, Fashion-MNIST and KMNIST are distributed: 1-channel images for convolutional networks.</source>
        <translation>MNIST、Fashion-MNIST 和 KMNIST 发布时所用的 IDX 格式的图像和标签：供卷积网络使用的单通道图像。</translation>
    </message>
    <message>
        <source>images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>The IDX images file (images × rows × columns, e.g. train-images-idx3-ubyte.gz; gzip optional); a relative path starts from the experiment file&apos;s folder.</source>
        <translation>IDX 图像文件（图像数 × 行 × 列，例如 train-images-idx3-ubyte.gz；可选 gzip 压缩）；相对路径从实验文件所在文件夹算起。</translation>
    </message>
    <message>
        <source>The IDX labels file, one class number per image (e.g. train-labels-idx1-ubyte.gz).</source>
        <translation>IDX 标签文件，每张图像一个类别编号（例如 train-labels-idx1-ubyte.gz）。</translation>
    </message>
    <message>
        <source>Read the images from the file batch by batch instead of holding them in memory (an uncompressed file); auto streams sets larger than 1 GiB as float32.</source>
        <translation>逐批从文件读取图像，而不是全部放在内存里（需未压缩的文件）；auto 对按 float32 计大于 1 GiB 的数据集使用流式读取。</translation>
    </message>
    <message>
        <source>Folder of images</source>
        <translation>图像文件夹</translation>
    </message>
    <message>
        <source>Your own pictures, decoded with Pillow: one sub-folder per class, the class names are the sub-folder names.</source>
        <translation>你自己的图片，用 Pillow 解码：每个类别一个子文件夹，类别名即子文件夹名。</translation>
    </message>
    <message>
        <source>The folder: one sub-folder of images per class, named after the class (cat/, dog/ …); a relative path starts from the experiment file&apos;s folder.</source>
        <translation>文件夹：每个类别一个图像子文件夹，以类别命名（cat/、dog/ …）；相对路径从实验文件所在的文件夹算起。</translation>
    </message>
    <message>
        <source>Every image is resized to this height and width in pixels.</source>
        <translation>每张图像都缩放到这个高度和宽度（像素）。</translation>
    </message>
    <message>
        <source>Read the images as one gray channel; otherwise as three channels (red, green, blue).</source>
        <translation>把图像读成一个灰度通道；否则读成三个通道（红、绿、蓝）。</translation>
    </message>
    <message>
        <source>samples per iteration: &quot;full&quot; = batch gradient descent (the whole training set each iteration), 1 = stochastic gradient descent (one sample), N = mini-batch</source>
        <translation>每次迭代的样本数（批大小）：&quot;full&quot; = 批量梯度下降（每次迭代用整个训练集），1 = 随机梯度下降（一个样本），N = 小批量</translation>
    </message>
    <message>
        <source>one epoch is one pass over the whole training set</source>
        <translation>一个轮次是完整遍历一次训练集</translation>
    </message>
    <message>
        <source>seeds the initial weights, shuffling and dropout</source>
        <translation>初始权重、打乱顺序和 dropout 所用的随机种子</translation>
    </message>
    <message>
        <source>floating-point precision of the engine</source>
        <translation>引擎的浮点精度</translation>
    </message>
    <message>
        <source>where the engine runs: CPU (NumPy) or GPU (CuPy)</source>
        <translation>引擎运行的位置：CPU（NumPy）或 GPU（CuPy）</translation>
    </message>
    <message>
        <source>L1 penalty λ₁·Σ|w| on the weights (drives weights to 0)</source>
        <translation>权重上的 L1 惩罚 λ₁·Σ|w|（促使权重变为 0）</translation>
    </message>
    <message>
        <source>L2 penalty (λ₂/2)·Σw² on the weights (keeps weights small)</source>
        <translation>权重上的 L2 惩罚 (λ₂/2)·Σw²（使权重保持较小）</translation>
    </message>
    <message>
        <source>shuffle the training set at the start of every epoch</source>
        <translation>每个轮次开始时打乱训练集顺序</translation>
    </message>
    <message>
        <source>stop when the validation loss has not improved for this many epochs (0: off)</source>
        <translation>验证损失连续这么多轮没有改善时停止训练（0：关闭）</translation>
    </message>
    <message>
        <source>with early stopping, go back to the weights of the best epoch</source>
        <translation>早停时恢复到最佳轮次的权重</translation>
    </message>
    <message>
        <source>Share of the rows held out for validation, never trained on, to measure how well the network generalizes (0 ≤ f &lt; 1).</source>
        <translation>留作验证、从不用于训练的行所占比例，用来衡量网络的泛化能力（0 ≤ f &lt; 1）。</translation>
    </message>
    <message>
        <source>Rescale each input feature to mean 0 and standard deviation 1, using training rows only.</source>
        <translation>仅用训练行把每个输入特征缩放为均值 0、标准差 1。</translation>
    </message>
    <message>
        <source>Random seed for generating and splitting the data: the same seed gives the same rows.</source>
        <translation>生成和划分数据所用的随机种子：相同的种子得到相同的行。</translation>
    </message>
</context>
<context>
    <name>core.summary</name>
    <message>
        <source>{} units</source>
        <translation>{} 个神经元</translation>
    </message>
    <message>
        <source>{} unit</source>
        <translation>{} 个神经元</translation>
    </message>
    <message>
        <source>{} filters {}</source>
        <translation>{} 个滤波器 {}</translation>
    </message>
    <message>
        <source>stride {}</source>
        <translation>步幅 {}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
</context>
<context>
    <name>plot_export</name>
    <message>
        <source>exported from the Neural Network Workbench</source>
        <translation>由神经网络工作台导出</translation>
    </message>
</context>
<context>
    <name>resources.examples</name>
    <message>
        <source>Circle (2 classes)</source>
        <translation>圆环（2 个类别）</translation>
    </message>
    <message>
        <source>A ring of one class around a disc of the other.</source>
        <translation>一类点组成圆环，围绕着另一类点组成的圆盘。</translation>
    </message>
    <message>
        <source>Circle with crossed inputs (no hidden layer)</source>
        <translation>带交叉特征的圆环（无隐藏层）</translation>
    </message>
    <message>
        <source>TensorFlow Playground&apos;s signature: feed x1² and x2² as well as x1 and x2, and a network without hidden layers separates the ring from the disc, because x1² + x2² = r² is a straight line in those inputs.</source>
        <translation>TensorFlow Playground 的招牌实验：除 x1 和 x2 外再输入 x1² 和 x2²，没有隐藏层的网络也能把圆环和圆盘分开，因为 x1² + x2² = r² 在这些输入中是一条直线。</translation>
    </message>
    <message>
        <source>Diabetes progression (regression)</source>
        <translation>糖尿病病情进展（回归）</translation>
    </message>
    <message>
        <source>442 patients, 10 measurements, a disease-progression score one year later: regression with mean squared error.</source>
        <translation>442 名患者，10 项测量值，一年后的病情进展评分：使用均方误差的回归。</translation>
    </message>
    <message>
        <source>Handwritten digits (8×8)</source>
        <translation>手写数字（8×8）</translation>
    </message>
    <message>
        <source>1,797 scanned digits of 8×8 pixels, 10 classes: a 64-128-10 network with ReLU and dropout.</source>
        <translation>1,797 个 8×8 像素的扫描数字，10 个类别：带 ReLU 和 dropout 的 64-128-10 网络。</translation>
    </message>
    <message>
        <source>Handwritten digits as images (CNN)</source>
        <translation>手写数字图像（卷积网络）</translation>
    </message>
    <message>
        <source>The 1,797 digits as 1×8×8 images: two 3×3 convolutions with ReLU, a 2×2 max pooling, flatten and a dense output layer. Convolutions share their weights across the image, so a filter finds its stroke anywhere.</source>
        <translation>把 1,797 个数字作为 1×8×8 图像：两个带 ReLU 的 3×3 卷积层、一个 2×2 最大池化层、展平层和一个全连接输出层。卷积在整张图像上共享权重，因此滤波器能在任何位置找到它的笔画。</translation>
    </message>
    <message>
        <source>Iris flowers</source>
        <translation>鸢尾花</translation>
    </message>
    <message>
        <source>150 flowers, 4 measurements, 3 species: a small network with one hidden layer.</source>
        <translation>150 朵花，4 项测量值，3 个品种：只有一个隐藏层的小网络。</translation>
    </message>
    <message>
        <source>Spiral with plain SGD (batch gradient descent)</source>
        <translation>螺旋，普通 SGD（批量梯度下降）</translation>
    </message>
    <message>
        <source>Batch gradient descent: the whole training set in every iteration. Compare with the mini-batch Adam run.</source>
        <translation>批量梯度下降：每次迭代都使用整个训练集。可与小批量 Adam 的运行作比较。</translation>
    </message>
    <message>
        <source>Sine curve (regression)</source>
        <translation>正弦曲线（回归）</translation>
    </message>
    <message>
        <source>Fit y = sin(x) from noisy samples: curve fitting with a small tanh network.</source>
        <translation>从带噪声的样本拟合 y = sin(x)：用小型 tanh 网络做曲线拟合。</translation>
    </message>
    <message>
        <source>Spiral (3 classes)</source>
        <translation>螺旋（3 个类别）</translation>
    </message>
    <message>
        <source>Three interleaved spiral arms: a hidden layer with ReLU bends the decision boundary around them.</source>
        <translation>三条相互交错的螺旋臂：带 ReLU 的隐藏层使决策边界绕着它们弯曲。</translation>
    </message>
    <message>
        <source>XOR (binary, sigmoid output)</source>
        <translation>异或 XOR（二分类，sigmoid 输出）</translation>
    </message>
    <message>
        <source>The classic problem no linear model can solve: one tanh hidden layer and a sigmoid output with binary cross-entropy.</source>
        <translation>任何线性模型都无法解决的经典问题：一个 tanh 隐藏层和一个 sigmoid 输出，使用二元交叉熵。</translation>
    </message>
</context>
</TS>
