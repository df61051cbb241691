using System.ComponentModel.DataAnnotations;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.AiModels;
using AdminConsole.Domain.Model.AiSettings;

namespace AdminConsole.Web.Components.Pages.Models;

/// <summary>The propose form: shape checks here, the model's rules (provider, training, retention) in the domain, named by field.</summary>
public sealed class ModelFormModel
{
    [Required(ErrorMessage = "The model's name is required.")]
    [StringLength(AiModel.NameMaxLength, ErrorMessage = "The name must be at most 200 characters.")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "The version is required: an approval holds for one exact version.")]
    [StringLength(AiModel.VersionMaxLength, ErrorMessage = "The version must be at most 100 characters.")]
    public string? Version { get; set; }

    [Required(ErrorMessage = "Choose the provider.")]
    public Guid? ProviderId { get; set; }

    [Required(ErrorMessage = "Choose the purpose.")]
    public AiModelPurpose? Purpose { get; set; }

    public HashSet<AiFeature> Features { get; } = [];

    [Required(ErrorMessage = "The hosting region is required (US, EU, a country code…).")]
    [StringLength(AiModel.RegionMaxLength, ErrorMessage = "The region must be at most 50 characters.")]
    public string? Region { get; set; }

    public bool ZeroRetention { get; set; } = true;

    [Range(1, AiModel.MaxRetentionDays, ErrorMessage = "Retention must be between 1 and 3650 days.")]
    public int? RetentionDays { get; set; }

    public bool TrainsOnInputs { get; set; }

    /// <summary>The form set to a proposed model's details.</summary>
    public static ModelFormModel From(AiModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var form = new ModelFormModel
        {
            Name = model.Name, Version = model.Version, ProviderId = model.ProviderId, Purpose = model.Purpose, Region = model.Region,
            ZeroRetention = model.ZeroRetention, RetentionDays = model.RetentionDays,
        };
        form.Features.UnionWith(model.Features);
        return form;
    }

    public ModelProposal ToProposal() =>
        new(Name, Version, ProviderId, Purpose ?? AiModelPurpose.Chat, [.. Features], Region, ZeroRetention, ZeroRetention ? null : RetentionDays, TrainsOnInputs);
}
