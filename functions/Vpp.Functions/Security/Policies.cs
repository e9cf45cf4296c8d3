namespace Vpp.Functions.Security;

/// <summary>Authorization policies; every endpoint names one.</summary>
public static class Policies
{
    public const string ProgramManager = "ProgramManager";
    public const string FleetOperator = "FleetOperator";

    /// <summary>A customer (for their own devices: the use case checks ownership) or a program manager (for any).</summary>
    public const string CustomerOrProgramManager = "CustomerOrProgramManager";
    public const string FunctionsHost = "FunctionsHost";
}
