{{ code_list_dimension('service_category', key='service_category', label='service_category_label') }}
