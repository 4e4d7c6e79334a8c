// @tapegrad/nn: modules with PyTorch's names, losses, optimizers and safetensors checkpoints.
// The ONNX exporter is the subpath @tapegrad/nn/onnx (src/onnx/index.ts).
export { Module, type StateValue, type LoadResult } from "./module";
export type { ParamOptions } from "./init";
export { Linear } from "./layers/linear";
export { LayerNorm, type LayerNormOptions } from "./layers/layer-norm";
export { Attention, paddingBias, MASKED_SCORE, type AttentionOptions, type AttentionScore, type AttentionMemory, type AttentionMask } from "./layers/attention";
export { Embedding, type EmbeddingOptions, type Ids } from "./layers/embedding";
export { Dropout } from "./layers/dropout";
export { Sequential, type TensorModule, type ChainModule } from "./layers/sequential";
export { Flatten } from "./layers/flatten";
export { ReLU, Tanh, Sigmoid, GELU } from "./layers/activations";
export { FinalHidden, SequenceOutput } from "./layers/recurrent-outputs";

export { RNNBase, type RNNBaseOptions } from "./rnn/base";
export type { RecurrentInput, RecurrentOutput } from "./rnn/io";
export { RNN, LSTM, GRU, type RNNOptions } from "./rnn/layers";
export { RNNCellBase, RNNCell, LSTMCell, GRUCell, type CellOptions } from "./rnn/cell-modules";
export { cellStep, GATES, type Mode, type CellState } from "./rnn/cells";

export { MSELoss, mseLoss } from "./loss/mse";
export { CrossEntropyLoss, crossEntropy, type CrossEntropyOptions, type ClassIds } from "./loss/cross-entropy";
export { BCELoss, BCEWithLogitsLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits, type BCEWithLogitsOptions } from "./loss/bce";
export type { Reduction } from "./loss/reduction";
export { accuracy, binaryAccuracy, type AccuracyOptions } from "./metrics";

export { TensorDataset, type Dataset } from "./data/dataset";
export { DataLoader, type DataLoaderOptions, type BatchingOptions, type ItemOptions, type LoaderBatch } from "./data/data-loader";
export { SequentialSampler, RandomSampler, SubsetRandomSampler, WeightedRandomSampler, BatchSampler, type Sampler, type RandomSamplerOptions, type RandomSource, type Sized } from "./data/sampler";
export { defaultCollate, type Collated } from "./data/collate";
export { padSequence, type PadSequenceOptions } from "./data/pad-sequence";

export { Optimizer, type ParamState, type ParamGroup, type ParamGroupInput, type Params, type SchedulerFields } from "./optim/optimizer";
export { stateDictToJson, stateDictFromJson, type OptimizerStateDict, type SchedulerStateDict, type SavedParamGroup } from "./optim/state-dict";
export { SGD, type SGDOptions } from "./optim/sgd";
export { Adam, AdamW, type AdamOptions } from "./optim/adam";
export { RMSprop, type RMSpropOptions } from "./optim/rmsprop";
export { clipGradNorm, clipGradValue } from "./optim/clip";
export { LRScheduler, StepLR, ExponentialLR, LinearLR, CosineAnnealingLR, type LinearLROptions } from "./optim/schedule";
export { OneCycleLR, type OneCycleLROptions } from "./optim/one-cycle";
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from "./optim/plateau";

export { parseSafetensors, serializeSafetensors, MAX_HEADER_BYTES, type StoredTensor, type SafetensorsDType } from "./checkpoint/safetensors";
export { saveCheckpoint, loadCheckpoint, loadSafetensors, writeFileAtomic, checkpointBytes, loadCheckpointBytes, type CheckpointOptions } from "./checkpoint/file";
export { saveToIndexedDB, loadFromIndexedDB, saveBytesToIndexedDB, loadBytesFromIndexedDB, listIndexedDB, deleteFromIndexedDB, INDEXEDDB_DATABASE } from "./checkpoint/indexeddb";
export { saveTrainingCheckpoint, loadTrainingCheckpoint, trainingCheckpointBytes, loadTrainingCheckpointBytes, type TrainingState, type TrainingCheckpointOptions } from "./checkpoint/training";

export { MODEL_FORMAT, MODEL_METADATA_KEY, modelDescriptionJson, parseModelDescription, type ModuleSpec, type NamedModuleSpec, type ConfigValue, type ModelDescription } from "./model/spec";
export { moduleFromSpec, registerModuleType, knownModuleTypes, type ModuleBuilder, type ConfigReader } from "./model/registry";
export { loadModel, loadModelBytes, type LoadedModel } from "./model/load";

export { DataParallel, type DataParallelOptions, type StepInfo } from "./parallel/data-parallel";
export type { ShardLoss } from "./parallel/shard-step";
export { serveReplicas } from "./parallel/replica";
export { getNumThreads, setNumThreads } from "@tapegrad/autograd";
