// transforms/mask-host.groovy, used as: transform 'mask-host', suffix: '.internal'
rec.key = rec.key + params.suffix
if (!rec.tags.owner) flag 'no owner tag'
