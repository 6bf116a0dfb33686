//===- Model.cpp - The application API over Program -----------------------===//
#include "kiln/kiln.h"

#include "ir/IR.h"
#include "runtime/ModuleState.h"
#include "runtime/Program.h"
#include "runtime/tensor/io/TensorFiles.h"

namespace kiln {

struct Model::ScriptModule {
  Ref<ModuleState> state;
};

Model::Model(std::shared_ptr<const Program> program)
    : program_(std::move(program)) {}

Model Model::load(const std::string &path) {
  return Model(Program::load(path));
}

Model Model::fromIR(std::string_view text, const std::string &name) {
  return Model(Program::fromIR(text, name));
}

void Model::loadWeights(const std::string &safetensorsPath) {
  setWeights(readSafetensors(safetensorsPath));
}

void Model::setScriptModule(Ref<ModuleState> state) {
  script_ = std::make_shared<ScriptModule>(ScriptModule{std::move(state)});
  script_->state->setTraining(false); // run() is evaluation mode
  module_ =
      std::make_shared<const IValue>(program_->makeModule(*script_->state));
}

void Model::setWeights(
    const std::vector<std::pair<std::string, Tensor>> &tensors) {
  if (script_) {
    script_->state->loadStateDict(tensors, "the weights");
    module_ =
        std::make_shared<const IValue>(program_->makeModule(*script_->state));
    return;
  }
  module_ = std::make_shared<const IValue>(program_->makeModule(tensors));
}

size_t Model::numInputs() const { return program_->numUserInputs(); }

std::string Model::inputType(size_t i) const {
  size_t first = program_->takesModule() ? 1 : 0;
  KILN_USER_CHECK(i < numInputs(), "the model has ", numInputs(),
                  " inputs, not ", i + 1);
  return program_->graph().inputs()[first + i]->type()->str();
}

std::vector<IValue> Model::run(std::vector<IValue> inputs,
                               uint64_t seed) const {
  if (program_->takesModule()) {
    KILN_USER_CHECK(module_ != nullptr,
                    "the model is a module: give its weights first "
                    "(loadWeights or setWeights)");
    inputs.insert(inputs.begin(), *module_);
  }
  RunOptions options;
  options.seed = seed;
  return program_->run(std::move(inputs), options);
}

std::vector<std::pair<std::string, Tensor>> loadNpz(const std::string &path) {
  return readNpz(path);
}

std::vector<std::pair<std::string, Tensor>>
loadSafetensors(const std::string &path) {
  return readSafetensors(path);
}

} // namespace kiln
