// A C++ application that compiles a model script with Kiln and runs it,
// built against the installed package (Kiln::kiln, see CMakeLists.txt).
//
//   embed_script SCRIPT.py
//
// Compiles the script's only function, makes an input tensor, runs it,
// prints the result.
#include <kiln/kiln.h>

#include <iostream>

int main(int argc, char **argv) {
  if (argc != 2) {
    std::cerr << "usage: embed_script SCRIPT.py\n";
    return 1;
  }
  try {
    kiln::Model model = kiln::Model::compile(argv[1]);
    kiln::Tensor x = kiln::Tensor::fromVector<float>(
        {-2.0f, -0.5f, 0.0f, 0.5f, 1.0f, 2.0f}, {2, 3});
    std::vector<kiln::IValue> out = model.run({kiln::IValue(x)});
    std::cout << kiln::formatTensor(out.at(0).toTensor()) << "\n";
  } catch (const kiln::UserError &e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return 0;
}
