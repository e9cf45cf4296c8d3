using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Vpp.LocalHost.Triggers;

namespace Vpp.LocalHost.Tests;

public sealed class FunctionAppPackageTests
{
    [Fact]
    public async Task Publishing_the_handler_assembles_a_function_app_package_the_host_can_load()
    {
        var package = Directory.CreateTempSubdirectory("functionapp-package-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Find() };
            foreach (var arg in new[] { "publish", "functions/Vpp.Functions", "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", Path.Combine(package, "handler"), "--nologo" })
            {
                start.ArgumentList.Add(arg);
            }

            using var publish = Process.Start(start)!;
            var output = publish.StandardOutput.ReadToEndAsync();
            var errors = publish.StandardError.ReadToEndAsync();
            await publish.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            Assert.True(publish.ExitCode == 0, await output + await errors);

            var catalog = FunctionCatalog.Load(package);
            var executable = catalog.Host.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;

            Assert.Equal(["Api", "FleetSnapshot", "ForecastRefresh", "ScheduleOptimize", "TelemetryIngest"], catalog.Functions.Select(f => f.Name));
            Assert.True(File.Exists(Path.Combine(package, executable)), $"host.json points at {executable}, which the package must contain");
            Assert.True(File.Exists(Path.Combine(package, "handler", "Vpp.Functions.dll")));
            Assert.True(catalog.Host.GetProperty("customHandler").GetProperty("enableForwardingHttpRequest").GetBoolean());
            using var api = JsonDocument.Parse(File.ReadAllText(Path.Combine(package, "Api", "function.json")));
            Assert.Equal("{*path}", api.RootElement.GetProperty("bindings")[0].GetProperty("route").GetString());
            SolvesAnLpFromThePublishedOutput(Path.Combine(package, "handler"));
        }
        finally
        {
            Directory.Delete(package, recursive: true);
        }
    }

    /// <summary>
    /// The planner's solver as Azure would run it: the published assemblies and the native OR-Tools library beside them,
    /// loaded in their own context from the published dependency manifest, nothing from the build or the machine.
    /// </summary>
    private static void SolvesAnLpFromThePublishedOutput(string handler)
    {
        Assert.True(File.Exists(Path.Combine(handler, "google-ortools-native.so")), "the native solver must ship in the published app");
        var published = new PublishedApp(Path.Combine(handler, "Vpp.Functions.dll"));
        try
        {
            var application = published.LoadFromAssemblyName(new AssemblyName("Vpp.Application"));
            var infrastructure = published.LoadFromAssemblyName(new AssemblyName("Vpp.Infrastructure"));
            var programType = application.GetType("Vpp.Application.Optimization.LinearProgram", throwOnError: true)!;
            var program = Activator.CreateInstance(programType)!;
            // Maximise 3x + 2y with x + y <= 4, x + 3y <= 6, 0 <= x <= 3: x = 3, y = 1, value 11.
            var addColumn = programType.GetMethod("AddColumn")!;
            var x = (int)addColumn.Invoke(program, [0.0, 3.0, -3.0, "x"])!;
            var y = (int)addColumn.Invoke(program, [0.0, double.PositiveInfinity, -2.0, "y"])!;
            var addRow = programType.GetMethod("AddRow")!;
            addRow.Invoke(program, [double.NegativeInfinity, 4.0, new (int, double)[] { (x, 1), (y, 1) }, "a"]);
            addRow.Invoke(program, [double.NegativeInfinity, 6.0, new (int, double)[] { (x, 1), (y, 3) }, "b"]);
            var solver = Activator.CreateInstance(infrastructure.GetType("Vpp.Infrastructure.Optimization.OrToolsSolver", throwOnError: true)!, ["CLP", "CBC"])!;

            var solution = solver.GetType().GetMethod("Solve")!.Invoke(solver, [program, TimeSpan.FromSeconds(5)])!;

            Assert.Equal("Optimal", solution.GetType().GetProperty("Status")!.GetValue(solution)!.ToString());
            Assert.Equal(-11, (double)solution.GetType().GetProperty("Objective")!.GetValue(solution)!, 9);
            Assert.Contains(published.NativeLibrariesLoaded, path => path.StartsWith(handler, StringComparison.Ordinal));
        }
        finally
        {
            published.Unload();
        }
    }

    private sealed class PublishedApp(string mainAssembly) : AssemblyLoadContext(isCollectible: true)
    {
        private readonly AssemblyDependencyResolver resolver = new(mainAssembly);

        public List<string> NativeLibrariesLoaded { get; } = [];

        protected override Assembly? Load(AssemblyName assemblyName) =>
            resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            if (resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is not { } path)
            {
                return IntPtr.Zero;
            }

            NativeLibrariesLoaded.Add(path);
            return LoadUnmanagedDllFromPath(path);
        }
    }
}
