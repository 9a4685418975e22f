// Inside Accelerate.*, the name TestModels means the namespace Accelerate.TestModels, so alias the class.
global using Models = Accelerate.TestModels.TestModels;
