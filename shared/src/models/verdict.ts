/**
 * What a global in a model file means, decided by ALLOW-LIST (the way
 * `torch.load(weights_only=True)` decides), with a deny-list only to say how bad the rest is:
 *
 * - `safe` — what a weights-only load accepts: tensor and storage rebuilders, dtypes, `OrderedDict`,
 *   numpy `_reconstruct` / `ndarray` / `dtype`, plain containers and scalars;
 * - `library` — constructors of classes that data-science libraries pickle every day (scikit-learn
 *   estimators, pandas frames and indexes, numpy scalars, scipy sparse matrices, `datetime`, …).
 *   Classes, never whole modules: a library's functions and loaders are callables, not data;
 * - `malicious` — a code-execution, import, file, process or network primitive, or a loader;
 * - `suspicious` — anything else (a custom class, an unknown helper): not safe to load.
 *
 * Sources: torch/_weights_only_unpickler.py `_get_allowed_globals` (torch 2.6); the picklescan
 * advisories (GHSA-*) for the bypass families (`pkgutil.resolve_name`, `timeit`, `bdb.Bdb.run`,
 * `pip.main`, `ensurepip`, `pydoc.pipepager`, nested `pickle.loads`, `functools.partial`, …).
 */
export type ModelVerdict = 'safe' | 'library' | 'suspicious' | 'malicious';

const RANK: Record<ModelVerdict, number> = { safe: 0, library: 1, suspicious: 2, malicious: 3 };

/** The worse of two verdicts. */
export function worse(a: ModelVerdict, b: ModelVerdict): ModelVerdict {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Python 2 module names that Python 3's unpickler maps (`_compat_pickle.IMPORT_MAPPING`). */
const PY2_MODULES: Readonly<Record<string, string>> = {
  __builtin__: 'builtins',
  copy_reg: 'copyreg',
  cPickle: 'pickle',
  commands: 'subprocess',
  urllib2: 'urllib.request',
  httplib: 'http.client',
  exceptions: 'builtins',
  UserDict: 'collections',
  UserList: 'collections',
  Queue: 'queue',
  SocketServer: 'socketserver',
  cStringIO: 'io',
  StringIO: 'io',
  thread: '_thread',
  dummy_thread: '_dummy_thread',
  SimpleHTTPServer: 'http.server',
  BaseHTTPServer: 'http.server',
  CGIHTTPServer: 'http.server',
  xmlrpclib: 'xmlrpc.client',
  Tkinter: 'tkinter',
  cookielib: 'http.cookiejar',
  'multiprocessing.forking': 'multiprocessing.popen_fork',
};

/** The module name Python 3 would import for `module` (Python 2 names mapped). */
export function normalModule(module: string): string {
  return PY2_MODULES[module] ?? module;
}

// ---- safe: what torch's weights-only unpickler accepts, plus numpy's array trio -------------

const TORCH_DTYPES = [
  'float32',
  'float',
  'float64',
  'double',
  'float16',
  'half',
  'bfloat16',
  'complex32',
  'chalf',
  'complex64',
  'cfloat',
  'complex128',
  'cdouble',
  'uint8',
  'int8',
  'int16',
  'short',
  'int32',
  'int',
  'int64',
  'long',
  'bool',
  'qint8',
  'quint8',
  'qint32',
  'quint4x2',
  'quint2x4',
  'uint16',
  'uint32',
  'uint64',
  'float8_e4m3fn',
  'float8_e5m2',
  'float8_e4m3fnuz',
  'float8_e5m2fnuz',
  'bits8',
  'bits16',
  'bits1x8',
  'bits2x4',
  'bits4x2',
  'int1',
  'int2',
  'int3',
  'int4',
  'int5',
  'int6',
  'int7',
  'uint1',
  'uint2',
  'uint3',
  'uint4',
  'uint5',
  'uint6',
  'uint7',
];
const TORCH_STORAGE_KINDS = [
  'Double',
  'Float',
  'Half',
  'BFloat16',
  'Long',
  'Int',
  'Short',
  'Char',
  'Byte',
  'Bool',
  'ComplexDouble',
  'ComplexFloat',
  'QUInt8',
  'QInt8',
  'QInt32',
  'QUInt4x2',
  'QUInt2x4',
];
const TORCH_REBUILDERS = [
  '_rebuild_tensor',
  '_rebuild_tensor_v2',
  '_rebuild_tensor_v3',
  '_rebuild_parameter',
  '_rebuild_parameter_with_state',
  '_rebuild_sparse_tensor',
  '_rebuild_nested_tensor',
  '_rebuild_meta_tensor_no_storage',
  '_rebuild_wrapper_subclass',
  '_rebuild_qtensor',
  '_rebuild_device_tensor_from_numpy',
  '_rebuild_device_tensor_from_cpu_tensor',
  '_rebuild_xla_tensor',
  '_rebuild_mtia_tensor',
];

/** Globals a default `torch.load(weights_only=True)` accepts (torch 2.6 `_get_allowed_globals`). */
const WEIGHTS_ONLY = new Set<string>([
  'collections.OrderedDict',
  'collections.Counter',
  'torch.nn.parameter.Parameter',
  'torch.serialization._get_layout',
  'torch.Size',
  'torch.Tensor',
  'torch.device',
  '_codecs.encode',
  'builtins.bytearray',
  'builtins.set',
  'builtins.complex',
  'torch._tensor._rebuild_from_type_v2',
  'torch.storage.UntypedStorage',
  'torch.UntypedStorage',
  'torch.storage.TypedStorage',
  'torch.TypedStorage',
  'torch.sparse_coo',
  'torch.sparse_csr',
  'torch.sparse_csc',
  'torch.sparse_bsr',
  'torch.sparse_bsc',
  'torch.strided',
  'torch._sparse_coo',
  'torch.per_tensor_affine',
  'torch.per_channel_affine',
  'torch.per_tensor_symmetric',
  'torch.per_channel_symmetric',
  'torch.per_channel_affine_float_qparams',
  'torch.contiguous_format',
  'torch.channels_last',
  'torch.channels_last_3d',
  'torch.preserve_format',
  ...TORCH_DTYPES.map((d) => `torch.${d}`),
  ...TORCH_STORAGE_KINDS.flatMap((k) => [`torch.${k}Storage`, `torch.cuda.${k}Storage`]),
  ...TORCH_STORAGE_KINDS.flatMap((k) => [`torch.${k}Tensor`, `torch.cuda.${k}Tensor`]),
  ...TORCH_REBUILDERS.map((f) => `torch._utils.${f}`),
]);

const NUMPY_CORE = ['numpy.core', 'numpy._core'];

/** Safe beyond weights-only: numpy's array trio and dtype classes, plain containers and scalars. */
const SAFE = new Set<string>([
  ...NUMPY_CORE.flatMap((m) => [`${m}.multiarray._reconstruct`, `${m}.multiarray.scalar`]),
  'numpy.ndarray',
  'numpy.dtype',
  'builtins.dict',
  'builtins.list',
  'builtins.tuple',
  'builtins.frozenset',
  'builtins.int',
  'builtins.float',
  'builtins.str',
  'builtins.bytes',
  'builtins.bool',
  'builtins.slice',
  'builtins.range',
  'builtins.NoneType',
  'builtins.Ellipsis',
]);

// ---- library: classes that data-science libraries pickle every day --------------------------

/** Module-qualified classes (exact). */
const LIBRARY = new Set<string>([
  'collections.defaultdict',
  'collections.deque',
  'collections.ChainMap',
  'collections.UserDict',
  'collections.UserList',
  'collections.UserString',
  'datetime.datetime',
  'datetime.date',
  'datetime.time',
  'datetime.timedelta',
  'datetime.timezone',
  'decimal.Decimal',
  'fractions.Fraction',
  'uuid.UUID',
  'enum.Enum',
  'builtins.object',
  'copyreg._reconstructor',
  'copyreg.__newobj__',
  'copyreg.__newobj_ex__',
  'pathlib.PosixPath',
  'pathlib.WindowsPath',
  'pathlib.PurePosixPath',
  'pathlib.PureWindowsPath',
  'zoneinfo.ZoneInfo',
  'zoneinfo._common._load_timedelta',
  'ipaddress.IPv4Address',
  'ipaddress.IPv6Address',
  'numpy.dtypes.StrDType',
  'numpy.ma.core._mareconstruct',
  'numpy.ma.core.MaskedArray',
  'numpy.random._pickle.__randomstate_ctor',
  'numpy.random._pickle.__bit_generator_ctor',
  'numpy.random._pickle.__generator_ctor',
  'numpy.random.mtrand.RandomState',
  'numpy.random._mt19937.MT19937',
  'numpy.random._pcg64.PCG64',
  'numpy.random._generator.Generator',
  ...NUMPY_CORE.flatMap((m) => [`${m}.numeric._frombuffer`, `${m}.multiarray._reconstruct`]),
  'numpy.core.records.recarray',
  'numpy.matrix',
  'numpy.matrixlib.defmatrix.matrix',
  'joblib.numpy_pickle.NumpyArrayWrapper',
  'joblib.numpy_pickle_compat.NDArrayWrapper',
  'joblib.numpy_pickle_compat.ZNDArrayWrapper',
  'sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper',
]);

/** numpy scalar and dtype class names (numpy.<name>, numpy.dtypes.<Name>DType). */
const NUMPY_SCALARS = [
  'bool_',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'intc',
  'intp',
  'uintc',
  'uintp',
  'longlong',
  'ulonglong',
  'float16',
  'float32',
  'float64',
  'longdouble',
  'half',
  'single',
  'double',
  'complex64',
  'complex128',
  'clongdouble',
  'str_',
  'bytes_',
  'void',
  'datetime64',
  'timedelta64',
  'object_',
  'generic',
  'number',
];
for (const s of NUMPY_SCALARS) LIBRARY.add(`numpy.${s}`);
for (const d of [
  'Bool',
  'Int8',
  'Int16',
  'Int32',
  'Int64',
  'UInt8',
  'UInt16',
  'UInt32',
  'UInt64',
  'Float16',
  'Float32',
  'Float64',
  'LongDouble',
  'Complex64',
  'Complex128',
  'CLongDouble',
  'Str',
  'Bytes',
  'Void',
  'Object',
  'DateTime64',
  'TimeDelta64',
  'Byte',
  'UByte',
  'Short',
  'UShort',
  'Int',
  'UInt',
  'Long',
  'ULong',
  'LongLong',
  'ULongLong',
  'StringDType',
])
  SAFE.add(`numpy.dtypes.${d.endsWith('DType') ? d : `${d}DType`}`);

/**
 * Classes allowed by (package, class name), for libraries whose private module paths move between
 * versions (`sklearn.ensemble.forest` → `sklearn.ensemble._forest`). The module must be inside
 * the package; the name must be one of the classes listed — never "any name in the package".
 */
const LIBRARY_CLASSES: ReadonlyArray<readonly [string, ReadonlySet<string>]> = [
  [
    'pandas',
    new Set([
      'DataFrame',
      'Series',
      'Index',
      'RangeIndex',
      'MultiIndex',
      'DatetimeIndex',
      'TimedeltaIndex',
      'PeriodIndex',
      'CategoricalIndex',
      'IntervalIndex',
      'Categorical',
      'CategoricalDtype',
      'DatetimeTZDtype',
      'PeriodDtype',
      'IntervalDtype',
      'SparseDtype',
      'StringDtype',
      'BooleanDtype',
      'Int8Dtype',
      'Int16Dtype',
      'Int32Dtype',
      'Int64Dtype',
      'UInt8Dtype',
      'UInt16Dtype',
      'UInt32Dtype',
      'UInt64Dtype',
      'Float32Dtype',
      'Float64Dtype',
      'ArrowDtype',
      'BlockManager',
      'SingleBlockManager',
      'BlockPlacement',
      'Timestamp',
      'Timedelta',
      'Period',
      'Interval',
      'DatetimeArray',
      'TimedeltaArray',
      'PeriodArray',
      'IntervalArray',
      'StringArray',
      'IntegerArray',
      'FloatingArray',
      'BooleanArray',
      'SparseArray',
      'NumpyExtensionArray',
      'PandasArray',
      'ArrowExtensionArray',
      'ArrowStringArray',
      'Flags',
      'NaTType',
      'FrozenList',
      'Day',
      'Hour',
      'Minute',
      'Second',
      'Milli',
      'Micro',
      'Nano',
      'BDay',
      'BusinessDay',
      'MonthEnd',
      'MonthBegin',
      'YearEnd',
      'YearBegin',
      'QuarterEnd',
      'QuarterBegin',
      'Week',
      'DateOffset',
      '_new_Index',
      '_new_DatetimeIndex',
      '_new_PeriodIndex',
      '_unpickle_block',
      'new_block',
      '_unpickle_timestamp',
      '_timedelta_unpickle',
      '_unpickle_series_compat',
      '_new_IntervalIndex',
      '_unpickle_period',
      'unpickle_block',
      '_unpickle_block_compat',
      'Block',
      'ObjectBlock',
      'NumpyBlock',
      'ExtensionBlock',
      'DatetimeTZBlock',
      'DatetimeLikeBlock',
      'CategoricalBlock',
      'FloatBlock',
      'IntBlock',
      'BoolBlock',
      'NaT',
      'Tick',
      'Float64Index',
      'Int64Index',
      'UInt64Index',
      'NumericIndex',
      '_reconstruct_data',
      'ExtensionDtype',
      'NumpyEADtype',
    ]),
  ],
  [
    'scipy.sparse',
    new Set([
      'csr_matrix',
      'csc_matrix',
      'coo_matrix',
      'lil_matrix',
      'dok_matrix',
      'bsr_matrix',
      'dia_matrix',
      'csr_array',
      'csc_array',
      'coo_array',
      'lil_array',
      'dok_array',
      'bsr_array',
      'dia_array',
    ]),
  ],
  [
    'torch.nn.modules',
    new Set([
      'Linear',
      'Bilinear',
      'LazyLinear',
      'Identity',
      'Conv1d',
      'Conv2d',
      'Conv3d',
      'ConvTranspose1d',
      'ConvTranspose2d',
      'ConvTranspose3d',
      'BatchNorm1d',
      'BatchNorm2d',
      'BatchNorm3d',
      'LayerNorm',
      'GroupNorm',
      'InstanceNorm1d',
      'InstanceNorm2d',
      'InstanceNorm3d',
      'RMSNorm',
      'Dropout',
      'Dropout1d',
      'Dropout2d',
      'Dropout3d',
      'AlphaDropout',
      'ReLU',
      'ReLU6',
      'GELU',
      'SiLU',
      'Mish',
      'Tanh',
      'Sigmoid',
      'Softmax',
      'LogSoftmax',
      'LeakyReLU',
      'PReLU',
      'ELU',
      'SELU',
      'CELU',
      'Hardswish',
      'Hardsigmoid',
      'Hardtanh',
      'Softplus',
      'Softsign',
      'Tanhshrink',
      'GLU',
      'Embedding',
      'EmbeddingBag',
      'LSTM',
      'GRU',
      'RNN',
      'LSTMCell',
      'GRUCell',
      'RNNCell',
      'MultiheadAttention',
      'Transformer',
      'TransformerEncoder',
      'TransformerDecoder',
      'TransformerEncoderLayer',
      'TransformerDecoderLayer',
      'Sequential',
      'ModuleList',
      'ModuleDict',
      'ParameterList',
      'ParameterDict',
      'Flatten',
      'Unflatten',
      'MaxPool1d',
      'MaxPool2d',
      'MaxPool3d',
      'AvgPool1d',
      'AvgPool2d',
      'AvgPool3d',
      'AdaptiveAvgPool1d',
      'AdaptiveAvgPool2d',
      'AdaptiveAvgPool3d',
      'AdaptiveMaxPool1d',
      'AdaptiveMaxPool2d',
      'AdaptiveMaxPool3d',
      'Upsample',
      'PixelShuffle',
      'PixelUnshuffle',
      'ZeroPad2d',
      'ConstantPad1d',
      'ConstantPad2d',
      'ReflectionPad2d',
      'ReplicationPad2d',
      'CrossEntropyLoss',
      'MSELoss',
      'L1Loss',
      'NLLLoss',
      'BCELoss',
      'BCEWithLogitsLoss',
      'SmoothL1Loss',
      'HuberLoss',
      'KLDivLoss',
      'CosineSimilarity',
      'PairwiseDistance',
    ]),
  ],
  ['torch.nn.utils.parametrize', new Set(['ParametrizationList'])],
  [
    'torch.optim',
    new Set([
      'SGD',
      'Adam',
      'AdamW',
      'RMSprop',
      'Adagrad',
      'Adadelta',
      'Adamax',
      'NAdam',
      'RAdam',
      'LBFGS',
    ]),
  ],
];

/**
 * scikit-learn classes: every estimator `sklearn.utils.all_estimators()` lists (scikit-learn 1.2–1.6)
 * plus the non-estimator objects estimators carry (trees, losses, links, bunches, metrics).
 */
const SKLEARN_CLASSES = new Set<string>(
  `ARDRegression AdaBoostClassifier AdaBoostRegressor AdditiveChi2Sampler AffinityPropagation
AgglomerativeClustering BaggingClassifier BaggingRegressor BayesianGaussianMixture BayesianRidge
BernoulliNB BernoulliRBM Binarizer Birch BisectingKMeans CCA CalibratedClassifierCV CategoricalNB
ClassifierChain ColumnTransformer ComplementNB CountVectorizer DBSCAN DecisionTreeClassifier
DecisionTreeRegressor DictVectorizer DictionaryLearning DummyClassifier DummyRegressor ElasticNet
ElasticNetCV EllipticEnvelope EmpiricalCovariance ExtraTreeClassifier ExtraTreeRegressor
ExtraTreesClassifier ExtraTreesRegressor FactorAnalysis FastICA FeatureAgglomeration FeatureHasher
FeatureUnion FixedThresholdClassifier FrozenEstimator FunctionTransformer GammaRegressor
GaussianMixture GaussianNB GaussianProcessClassifier GaussianProcessRegressor
GaussianRandomProjection GenericUnivariateSelect GradientBoostingClassifier
GradientBoostingRegressor GraphicalLasso GraphicalLassoCV GridSearchCV HDBSCAN HashingVectorizer
HistGradientBoostingClassifier HistGradientBoostingRegressor HuberRegressor IncrementalPCA
IsolationForest Isomap IsotonicRegression IterativeImputer KBinsDiscretizer KMeans KNNImputer
KNeighborsClassifier KNeighborsRegressor KNeighborsTransformer KernelCenterer KernelDensity
KernelPCA KernelRidge LabelBinarizer LabelEncoder LabelPropagation LabelSpreading Lars LarsCV Lasso
LassoCV LassoLars LassoLarsCV LassoLarsIC LatentDirichletAllocation LedoitWolf
LinearDiscriminantAnalysis LinearRegression LinearSVC LinearSVR LocalOutlierFactor
LocallyLinearEmbedding LogisticRegression LogisticRegressionCV MDS MLPClassifier MLPRegressor
MaxAbsScaler MeanShift MinCovDet MinMaxScaler MiniBatchDictionaryLearning MiniBatchKMeans
MiniBatchNMF MiniBatchSparsePCA MissingIndicator MultiLabelBinarizer MultiOutputClassifier
MultiOutputRegressor MultiTaskElasticNet MultiTaskElasticNetCV MultiTaskLasso MultiTaskLassoCV
MultinomialNB NMF NearestCentroid NearestNeighbors NeighborhoodComponentsAnalysis Normalizer
NuSVC NuSVR Nystroem OAS OPTICS OneClassSVM OneHotEncoder OneVsOneClassifier OneVsRestClassifier
OrdinalEncoder OrthogonalMatchingPursuit OrthogonalMatchingPursuitCV OutputCodeClassifier PCA
PLSCanonical PLSRegression PLSSVD PassiveAggressiveClassifier PassiveAggressiveRegressor
PatchExtractor Perceptron Pipeline PoissonRegressor PolynomialCountSketch PolynomialFeatures
PowerTransformer QuadraticDiscriminantAnalysis QuantileRegressor QuantileTransformer
RANSACRegressor RBFSampler RFE RFECV RadiusNeighborsClassifier RadiusNeighborsRegressor
RadiusNeighborsTransformer RandomForestClassifier RandomForestRegressor RandomTreesEmbedding
RandomizedSearchCV HalvingGridSearchCV HalvingRandomSearchCV RegressorChain Ridge RidgeCV
RidgeClassifier RidgeClassifierCV RobustScaler SGDClassifier SGDOneClassSVM SGDRegressor SVC SVR
SelectFdr SelectFpr SelectFromModel SelectFwe SelectKBest SelectPercentile SelfTrainingClassifier
SequentialFeatureSelector ShrunkCovariance SimpleImputer SkewedChi2Sampler SparseCoder
SparsePCA SparseRandomProjection SpectralBiclustering SpectralClustering SpectralCoclustering
SpectralEmbedding SplineTransformer StackingClassifier StackingRegressor StandardScaler
TSNE TargetEncoder TfidfTransformer TfidfVectorizer TheilSenRegressor TransformedTargetRegressor
TruncatedSVD TunedThresholdClassifierCV TweedieRegressor VarianceThreshold VotingClassifier
VotingRegressor Tree BallTree KDTree Bunch HalfSquaredError AbsoluteError PinballLoss HuberLoss
HalfPoissonLoss HalfGammaLoss HalfTweedieLoss HalfTweedieLossIdentity HalfBinomialLoss
HalfMultinomialLoss ExponentialLoss IdentityLink LogLink LogitLink HalfLogitLink MultinomialLogit
Interval BinaryCrossEntropy CategoricalCrossEntropy LeastSquares LeastAbsoluteDeviation
TreePredictor BinMapper _BinMapper EuclideanDistance EuclideanDistance64 EuclideanDistance32
ManhattanDistance64 MinkowskiDistance64 Kernel RBF Matern ConstantKernel WhiteKernel DotProduct
RationalQuadratic ExpSineSquared Sum Product Exponentiation Hyperparameter CompoundKernel
BinomialDeviance MultinomialDeviance LeastSquaresError RegressionLossFunction
_CalibratedClassifier _SigmoidCalibration _PassthroughScorer _Scorer _ThresholdScorer
_ProbaScorer _PredictScorer MultimetricScorer _MultimetricScorer _ConstantPredictor
_BaseHeterogeneousEnsemble _RidgeGCV _IdentityRegressor CyHalfSquaredError CyHalfBinomialLoss
CyHalfMultinomialLoss CyHalfPoissonLoss CyAbsoluteError CyPinballLoss CyHuberLoss
CyHalfGammaLoss CyHalfTweedieLoss CyHalfTweedieLossIdentity CyExponentialLoss newObj`
    .split(/\s+/)
    .filter((n) => n.length > 0),
);

// ---- malicious: primitives that run code, import, touch files, processes or the network ------

/** Every name in these modules (and their submodules) is a dangerous primitive. */
const MALICIOUS_MODULES: ReadonlyArray<readonly [string, string]> = [
  ['os', 'runs processes and touches files'],
  ['posix', 'runs processes and touches files'],
  ['nt', 'runs processes and touches files'],
  ['posixpath', 'touches files (os.path)'],
  ['ntpath', 'touches files (os.path)'],
  ['genericpath', 'touches files (os.path)'],
  ['subprocess', 'runs processes'],
  ['_posixsubprocess', 'runs processes'],
  ['_winapi', 'runs processes'],
  ['pty', 'runs processes'],
  ['platform', 'runs processes'],
  ['multiprocessing', 'runs processes'],
  ['concurrent', 'runs processes'],
  ['asyncio', 'runs processes and opens connections'],
  ['sys', 'changes the interpreter'],
  ['importlib', 'imports modules'],
  ['pkgutil', 'imports modules (pkgutil.resolve_name)'],
  ['imp', 'imports modules'],
  ['zipimport', 'imports modules'],
  ['runpy', 'runs modules'],
  ['marshal', 'loads code objects'],
  ['code', 'runs code'],
  ['codeop', 'compiles code'],
  ['compileall', 'compiles code'],
  ['py_compile', 'compiles code'],
  ['ctypes', 'calls native code'],
  ['_ctypes', 'calls native code'],
  ['cffi', 'calls native code'],
  ['socket', 'opens network connections'],
  ['_socket', 'opens network connections'],
  ['ssl', 'opens network connections'],
  ['socketserver', 'opens network connections'],
  ['http', 'opens network connections'],
  ['urllib', 'opens network connections'],
  ['urllib3', 'opens network connections'],
  ['requests', 'opens network connections'],
  ['httpx', 'opens network connections'],
  ['aiohttp', 'opens network connections'],
  ['ftplib', 'opens network connections'],
  ['smtplib', 'opens network connections'],
  ['poplib', 'opens network connections'],
  ['imaplib', 'opens network connections'],
  ['nntplib', 'opens network connections'],
  ['telnetlib', 'opens network connections'],
  ['xmlrpc', 'opens network connections'],
  ['webbrowser', 'opens URLs and runs processes'],
  ['paramiko', 'opens network connections'],
  ['shutil', 'touches files and runs processes'],
  ['tempfile', 'touches files'],
  ['glob', 'touches files'],
  ['fileinput', 'touches files'],
  ['shelve', 'touches files and unpickles'],
  ['dbm', 'touches files'],
  ['tarfile', 'touches files'],
  ['zipfile', 'touches files'],
  ['bdb', 'runs code (bdb.Bdb.run)'],
  ['pdb', 'runs code'],
  ['ipdb', 'runs code'],
  ['timeit', 'runs code'],
  ['profile', 'runs code'],
  ['cProfile', 'runs code'],
  ['trace', 'runs code'],
  ['doctest', 'runs code'],
  ['IPython', 'runs code'],
  ['idlelib', 'runs code'],
  ['pip', 'installs packages (pip.main)'],
  ['ensurepip', 'installs packages'],
  ['venv', 'creates environments and runs processes'],
  ['virtualenv', 'creates environments and runs processes'],
  ['setuptools', 'runs build commands'],
  ['distutils', 'runs build commands'],
  ['pkg_resources', 'imports modules'],
  ['site', 'changes the import path'],
  ['pydoc', 'runs processes (pydoc.pipepager)'],
  ['pickle', 'unpickles nested data'],
  ['_pickle', 'unpickles nested data'],
  ['pickletools', 'unpickles nested data'],
  ['copyreg_hooks', 'unpickles nested data'],
  ['dill', 'unpickles nested data and builds code'],
  ['cloudpickle', 'unpickles nested data and builds code'],
  ['jsonpickle', 'unpickles nested data'],
  ['yaml', 'loads YAML objects'],
  ['ruamel', 'loads YAML objects'],
  ['logging.config', 'runs configuration code'],
  ['torch.hub', 'downloads and runs code'],
  ['torch.jit', 'loads and compiles code'],
  ['torch._dynamo', 'compiles code'],
  ['torch._inductor', 'compiles code'],
  ['torch.utils.cpp_extension', 'compiles native code'],
  ['torch.package', 'loads code'],
  ['torch.ops', 'calls native operators'],
  ['torch._C', 'calls native internals'],
  ['torch._ops', 'calls native operators'],
  ['torch.fx', 'builds code'],
  ['numpy.f2py', 'compiles native code'],
  ['numpy.distutils', 'runs build commands'],
  ['numpy.testing', 'runs code (numpy.testing runstring)'],
  ['numpy.ctypeslib', 'calls native code'],
  ['keras.src.saving', 'loads models'],
  ['keras.saving', 'loads models'],
  ['keras.models', 'loads models'],
  ['tensorflow.io', 'touches files'],
  ['tensorflow.python.ops.script_ops', 'runs Python code'],
  ['sympy', 'evaluates expressions'],
  ['jinja2', 'renders templates that run code'],
  ['mako', 'renders templates that run code'],
  ['mmap', 'maps files'],
  ['signal', 'changes process signals'],
  ['_thread', 'starts threads running callables'],
  ['threading', 'starts threads running callables'],
  ['gc', 'reaches every object'],
  ['inspect', 'reaches frames and globals'],
];

/** Single names elsewhere that are dangerous primitives (the rest of their module stays unknown). */
const MALICIOUS_NAMES = new Map<string, string>([
  ['types.FunctionType', 'builds functions'],
  ['types.CodeType', 'builds code objects'],
  ['types.LambdaType', 'builds functions'],
  ['types.MethodType', 'binds callables'],
  ['types.ModuleType', 'builds modules'],
  ['operator.attrgetter', 'reaches any attribute'],
  ['operator.methodcaller', 'calls any method'],
  ['_operator.attrgetter', 'reaches any attribute'],
  ['_operator.methodcaller', 'calls any method'],
  ['io.open', 'opens files'],
  ['io.open_code', 'opens files'],
  ['io.FileIO', 'opens files'],
  ['_io.open', 'opens files'],
  ['_io.open_code', 'opens files'],
  ['_io.FileIO', 'opens files'],
  ['codecs.open', 'opens files'],
  ['builtins.eval', 'runs code'],
  ['builtins.exec', 'runs code'],
  ['builtins.execfile', 'runs code'],
  ['builtins.compile', 'compiles code'],
  ['builtins.__import__', 'imports modules'],
  ['builtins.reload', 'imports modules'],
  ['builtins.open', 'opens files'],
  ['builtins.file', 'opens files'],
  ['builtins.getattr', 'reaches any attribute (e.g. os.system)'],
  ['builtins.setattr', 'changes any attribute'],
  ['builtins.delattr', 'changes any attribute'],
  ['builtins.globals', 'reaches module globals'],
  ['builtins.locals', 'reaches frame locals'],
  ['builtins.vars', 'reaches module globals'],
  ['builtins.breakpoint', 'runs the debugger'],
  ['builtins.input', 'reads the terminal'],
  ['builtins.raw_input', 'reads the terminal'],
  ['builtins.help', 'runs pydoc (processes)'],
  ['builtins.exit', 'stops the interpreter'],
  ['builtins.quit', 'stops the interpreter'],
  ['builtins.apply', 'calls other callables'],
  ['builtins.type', 'builds classes'],
  ['builtins.memoryview', 'reaches raw memory'],
  ['builtins.map', 'calls other callables'],
  ['builtins.filter', 'calls other callables'],
  ['builtins.sorted', 'calls other callables'],
  ['builtins.max', 'calls other callables'],
  ['builtins.min', 'calls other callables'],
  ['builtins.iter', 'calls other callables'],
  ['builtins.next', 'calls other callables'],
  ['builtins.print', 'writes to files'],
  ['builtins.classmethod', 'builds callables'],
  ['builtins.staticmethod', 'builds callables'],
  ['builtins.property', 'builds callables'],
  ['builtins.super', 'reaches attributes dynamically'],
  ['numpy.load', 'unpickles nested data'],
  ['numpy.lib.npyio.load', 'unpickles nested data'],
  ['numpy.lib._npyio_impl.load', 'unpickles nested data'],
  ['numpy.loadtxt', 'reads files'],
  ['numpy.fromfile', 'reads files'],
  ['numpy.memmap', 'maps files'],
  ['numpy.save', 'writes files'],
  ['numpy.savetxt', 'writes files'],
  ['numpy.tofile', 'writes files'],
  ['numpy.core.multiarray.fromfile', 'reads files'],
  ['numpy._core.multiarray.fromfile', 'reads files'],
  ['pandas.read_pickle', 'unpickles nested data'],
  ['pandas.io.pickle.read_pickle', 'unpickles nested data'],
  ['pandas.eval', 'evaluates expressions'],
  ['pandas.core.computation.eval.eval', 'evaluates expressions'],
  ['pandas.read_csv', 'reads files and URLs'],
  ['pandas.read_parquet', 'reads files and URLs'],
  ['pandas.read_html', 'reads files and URLs'],
  ['pandas.read_json', 'reads files and URLs'],
  ['joblib.load', 'unpickles nested data'],
  ['joblib.numpy_pickle.load', 'unpickles nested data'],
  ['joblib.dump', 'writes files'],
  ['joblib.Parallel', 'runs processes'],
  ['joblib.parallel.Parallel', 'runs processes'],
  ['torch.load', 'unpickles nested data'],
  ['torch.serialization.load', 'unpickles nested data'],
  ['torch.serialization._load', 'unpickles nested data'],
  ['torch.serialization._legacy_load', 'unpickles nested data'],
  ['torch.save', 'writes files'],
  ['torch.serialization.save', 'writes files'],
  ['torch.storage._load_from_bytes', 'unpickles nested data'],
  ['torch._utils._rebuild_from_bytes', 'unpickles nested data'],
  ['torch.compile', 'compiles code'],
  ['torch.from_file', 'reads files'],
  ['torch.classes', 'calls native classes'],
  ['torch.library', 'registers native operators'],
  ['torch._utils.classproperty', 'builds callables'],
  ['transformers.AutoModel.from_pretrained', 'downloads and runs code'],
  ['dill._dill._create_code', 'builds code objects'],
  ['dill._dill._create_function', 'builds functions'],
  ['dill._dill._import_module', 'imports modules'],
  ['dill._dill._load_type', 'reaches builtin types'],
  ['dill.loads', 'unpickles nested data'],
  ['cloudpickle.cloudpickle._make_function', 'builds functions'],
  ['cloudpickle.cloudpickle._builtin_type', 'reaches builtin types'],
  ['uuid._get_command_stdout', 'runs processes'],
  ['uuid._popen', 'runs processes'],
  ['keras.models.load_model', 'loads models'],
  ['tensorflow.keras.models.load_model', 'loads models'],
  ['tensorflow.saved_model.load', 'loads models'],
  ['copyreg._extension_registry', 'changes the extension registry'],
  ['copyreg.add_extension', 'changes the extension registry'],
  ['sklearn.utils._testing.TempMemmap', 'touches files'],
  ['sklearn.datasets.fetch_openml', 'downloads data'],
]);

/** The verdict for one global, with why (for the message). */
export interface GlobalVerdict {
  verdict: ModelVerdict;
  reason: string;
  /** A default `torch.load(weights_only=True)` accepts it. */
  weightsOnly: boolean;
}

/** `module.name` is inside `pkg` (the package itself or a submodule). */
function inPackage(module: string, pkg: string): boolean {
  return module === pkg || module.startsWith(`${pkg}.`);
}

/** A Python identifier path (what `find_class` can import); anything else fails to import. */
export function isDottedName(s: string): boolean {
  if (s.length === 0 || s.length > 512) return false;
  for (const part of s.split('.')) {
    if (part.length === 0) return false;
    for (let i = 0; i < part.length; i++) {
      const c = part.charCodeAt(i);
      const ok =
        c === 95 ||
        (c >= 65 && c <= 90) ||
        (c >= 97 && c <= 122) ||
        (i > 0 && c >= 48 && c <= 57) ||
        c > 127;
      if (!ok) return false;
    }
  }
  return true;
}

/** Classifies the global `module.name` (as GLOBAL / STACK_GLOBAL / INST name it). */
export function classifyGlobal(rawModule: string, name: string): GlobalVerdict {
  const module = normalModule(rawModule);
  const full = `${module}.${name}`;
  // The name may itself be dotted (protocol 4 resolves `Bdb.run` inside `bdb`): check every prefix.
  const head = name.split('.')[0] ?? name;
  const malicious = MALICIOUS_NAMES.get(full) ?? MALICIOUS_NAMES.get(`${module}.${head}`);
  if (malicious !== undefined)
    return { verdict: 'malicious', reason: malicious, weightsOnly: false };
  for (const [pkg, why] of MALICIOUS_MODULES) {
    if (inPackage(module, pkg)) {
      return { verdict: 'malicious', reason: why, weightsOnly: false };
    }
  }
  if (WEIGHTS_ONLY.has(full)) return { verdict: 'safe', reason: 'weights-only', weightsOnly: true };
  if (SAFE.has(full))
    return { verdict: 'safe', reason: 'array or plain value', weightsOnly: false };
  if (LIBRARY.has(full)) return { verdict: 'library', reason: 'library class', weightsOnly: false };
  if (inPackage(module, 'sklearn') && SKLEARN_CLASSES.has(name)) {
    return { verdict: 'library', reason: 'scikit-learn class', weightsOnly: false };
  }
  for (const [pkg, names] of LIBRARY_CLASSES) {
    if (inPackage(module, pkg) && names.has(name)) {
      return { verdict: 'library', reason: `${pkg} class`, weightsOnly: false };
    }
  }
  if (!isDottedName(module) || !isDottedName(name)) {
    return { verdict: 'suspicious', reason: 'not an importable name', weightsOnly: false };
  }
  return {
    verdict: 'suspicious',
    reason:
      module === '__main__' ? 'a class defined in the saving script' : 'not on any allow-list',
    weightsOnly: false,
  };
}
