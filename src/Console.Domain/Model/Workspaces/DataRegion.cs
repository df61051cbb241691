namespace AdminConsole.Domain.Model.Workspaces;

/// <summary>Where a workspace's data is stored and processed.</summary>
public enum DataRegion
{
    US = 0,
    EU = 1,
}
