using System.ComponentModel.DataAnnotations;
using AdminConsole.Domain.Model.Workspaces;

namespace AdminConsole.Web.Components.Pages.Workspaces;

/// <summary>The shape checks of the workspace form; the model's own rules run again on save.</summary>
public sealed class WorkspaceFormModel
{
    [Required(ErrorMessage = "Name is required.")]
    [StringLength(Workspace.NameMaxLength, ErrorMessage = "Name must be at most 100 characters.")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Choose a plan.")]
    [EnumDataType(typeof(Plan), ErrorMessage = "Choose one of the listed plans.")]
    public Plan? Plan { get; set; }

    [Required(ErrorMessage = "Choose a data region.")]
    [EnumDataType(typeof(DataRegion), ErrorMessage = "Choose one of the listed data regions.")]
    public DataRegion? Region { get; set; }
}
