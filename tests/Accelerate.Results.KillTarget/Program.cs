using Accelerate.Results;
using Accelerate.Results.KillTarget;

// Usage: dotnet Accelerate.Results.KillTarget.dll <results file>
// Prints "ADDED <id>" after each committed run, then "BLOCKED <id>" inside the third run's transaction, then waits forever.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Accelerate.Results.KillTarget <results file>");
    return 2;
}

using var store = ResultsStore.Open(args[0]);
for (var i = 0; i < 2; i++)
{
    var id = store.AddRun(KillTargetData.Run(i), KillTargetData.Models, KillTargetData.Cases(i), KillTargetData.Tests(i));
    Console.WriteLine($"ADDED {id:D}");
}

store.BeforeCommit = id =>
{
    Console.WriteLine($"BLOCKED {id:D}");
    Console.Out.Flush();
    Thread.Sleep(Timeout.Infinite);
};

// Large enough (more than one DuckDB row group of 122,880 rows) that DuckDB may write uncommitted data to the file.
store.AddRun(KillTargetData.Run(2), KillTargetData.Models, KillTargetData.ManyCases(130_000), []);
Console.WriteLine("COMMITTED (the test should have killed this process)");
return 1;
