// Exactly what generated test projects get: the matrix report is written when the run ends.
[assembly: AssemblyFixture(typeof(Accelerate.Testing.MatrixReportFixture))]
