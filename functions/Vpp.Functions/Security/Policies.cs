namespace Vpp.Functions.Security;

/// <summary>Authorization policies; every endpoint names one.</summary>
public static class Policies
{
    public const string ProgramManager = "ProgramManager";
    public const string FleetOperator = "FleetOperator";
    public const string FunctionsHost = "FunctionsHost";
}
