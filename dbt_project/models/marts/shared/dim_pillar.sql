{{ code_list_dimension('pillar', key='pillar', label='pillar_label') }}
